import Foundation
import GeoloopTestSupport
import Testing

/// What `geoloop fetch` reports around the results: formats, --failed, summary, progress.
@Suite struct FetchReportingTests {
    @Test func aPartialFailureExitsOneAndListsTheFailedAccession() throws {
        let fixture = try MirrorFixture(series: 4, label: "partial")
        defer { fixture.finish() }
        let failed = fixture.file("failed.txt")
        let output = fixture.file("out.jsonl")
        let accessions = fixture.entries.map(\.accession) + ["GSE99999999"]

        let result = try runGeoloop(
            ["fetch"] + fixture.fetchOptions + ["--failed", failed, "--output", output] + accessions)

        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(try String(contentsOfFile: failed, encoding: .utf8) == "GSE99999999\n")
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.filter { $0.contains(#""status":"failed""#) }.count == 1)
        #expect(result.stderr.hasPrefix("Harvested 4 series (0 from cache), 1 failed (not_found 1); 0 retries; "))
        #expect(!result.stderr.contains("\r"))

        // The failed file feeds straight back into --input.
        let again = try runGeoloop(["fetch"] + fixture.fetchOptions + ["--quiet", "--input", failed])
        #expect(again.status == 1)
        #expect(again.stderr == "")
        #expect(again.stdout.contains(#""accession":"GSE99999999","status":"failed""#))
    }

    @Test func tsvIsASampleSheetWithOneColumnPerTag() throws {
        let fixture = try MirrorFixture(series: 3, label: "tsv")
        defer { fixture.finish() }

        let result = try runGeoloop(
            ["fetch"] + fixture.fetchOptions + ["--quiet", "--format", "tsv"] + fixture.entries.map(\.accession))

        #expect(result.status == 0)
        #expect(result.stderr == "")
        let rows = result.stdout.split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false)
        }
        let header = rows[0].map(String.init)
        #expect(Array(header.prefix(5)) == ["series", "sample", "title", "organism", "source"])
        #expect(Array(header.suffix(4)) == ["library_strategy", "instrument", "sra_experiment", "supplementary_files"])
        #expect(header.count > 9)
        #expect(rows.count == 1 + fixture.entries.reduce(0) { $0 + $1.sampleCount })
        for row in rows { #expect(row.count == header.count) }
        #expect(Set(rows.dropFirst().map { String($0[0]) }) == Set(fixture.entries.map(\.accession)))
    }

    @Test func verboseGivesOneLinePerSeriesAndQuietNothing() throws {
        let fixture = try MirrorFixture(series: 3, label: "verbose")
        defer { fixture.finish() }
        let accessions = fixture.entries.map(\.accession)

        let verbose = try runGeoloop(
            ["fetch"] + fixture.fetchOptions + ["--verbose", "--output", fixture.file("a")] + accessions)
        #expect(verbose.status == 0)
        let lines = verbose.stderr.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(Set(lines.prefix(3).map { String($0.prefix { $0 != " " }) }) == Set(accessions))
        #expect(lines.last?.hasPrefix("Harvested 3 series") == true)

        let cached = try runGeoloop(
            ["fetch"] + fixture.fetchOptions + ["--quiet", "--output", fixture.file("b")] + accessions)
        #expect(cached.status == 0)
        #expect(cached.stderr == "")
        #expect(cached.stdout == "")
    }

    /// Under a pseudo-terminal (util-linux `script`) the progress line is redrawn in place; in a
    /// pipe it is absent unless --progress asks for it.
    @Test func progressLineOnlyOnATerminal() throws {
        let fixture = try MirrorFixture(series: 3, label: "progress")
        defer { fixture.finish() }
        let arguments =
            ["fetch"] + fixture.fetchOptions + ["--output", fixture.file("out.jsonl")]
            + fixture.entries.map(\.accession)

        let command = ([try geoloopBinary().path] + arguments).joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-q", "-e", "-c", command, "/dev/null"]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = Pipe()
        try process.run()
        let terminal = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        // A redraw is a carriage return straight before the counters (a pty also turns every
        // newline into CR LF, so a bare "\r" would prove nothing).
        #expect(terminal.contains { $0 == "\u{1B}" })
        #expect(terminal.components(separatedBy: "\r").dropFirst().contains { $0.first?.isNumber == true })
        #expect(terminal.contains("\u{1B}[K"))
        #expect(terminal.contains("/3 series"))
        #expect(terminal.contains("Harvested 3 series"))

        let piped = try runGeoloop(arguments)
        #expect(!piped.stderr.contains("\r"))
        #expect(!piped.stderr.contains("/3 series"))
        let forced = try runGeoloop(arguments + ["--progress"])
        #expect(forced.stderr.contains("\r"))
        #expect(forced.stderr.contains("3/3 series") || forced.stderr.contains("/3 series"))
    }
}
