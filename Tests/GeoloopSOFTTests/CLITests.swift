import Foundation
import GeoloopSOFT
import Testing

/// Runs the built `geoloop` binary, which SwiftPM puts beside the test bundle.
struct GeoloopBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    static var url: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            Bundle.main.bundleURL,
        ]
        for directory in candidates {
            let url = directory.appendingPathComponent("geoloop")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return candidates[0].appendingPathComponent("geoloop")
    }

    static func run(_ arguments: [String], stdin: Data? = nil) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: stdin ?? Data())
        try input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let errData = PipeDrain(err.fileHandleForReading)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.wait(), as: UTF8.self))
    }
}

/// Reads a pipe to its end on its own thread.
final class PipeDrain: @unchecked Sendable {  // `data` is written once, before `done` is signalled.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

@Suite struct CLITests {
    @Test func binaryIsBuilt() {
        #expect(
            FileManager.default.isExecutableFile(atPath: GeoloopBinary.url.path),
            "build the geoloop product first (swift build --build-tests builds it)")
    }

    @Test func parsesAGoodFile() throws {
        let result = try GeoloopBinary.run(["parse", geoFile("GSE100494_GSM.soft"), geoFile("GSM11805.txt.gz")])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.lines.count == 2)
        let first = try #require(
            try JSONSerialization.jsonObject(with: Data(result.lines[0].utf8)) as? [String: Any])
        #expect(first["source"] as? String == geoFile("GSE100494_GSM.soft"))
        #expect(Set(first.keys) == ["source", "series", "platforms", "samples", "datasets", "subsets", "other"])
        let samples = try #require(first["samples"] as? [[String: Any]])
        #expect(samples.map { $0["accession"] as? String } == ["GSM2684979", "GSM2684980"])
        #expect(samples[0]["kind"] as? String == "SAMPLE")
        let relations = try #require(samples[0]["relations"] as? [[String: String]])
        #expect(relations.map { $0["target"] } == ["SAMN07278949", "SRX2957699"])
        let second = try #require(
            try JSONSerialization.jsonObject(with: Data(result.lines[1].utf8)) as? [String: Any])
        let table = try #require((second["samples"] as? [[String: Any]])?.first?["table"] as? [String: Any])
        #expect(table["rows"] as? Int == 22283)
        #expect(table["data"] == nil)
    }

    @Test func readsStandardInput() throws {
        let gz = try Data(contentsOf: URL(fileURLWithPath: geoFile("GSM11805.txt.gz")))
        let result = try GeoloopBinary.run(["parse", "-"], stdin: gz)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix(#"{"source":"-","series":[],"platforms":[],"samples":[{"kind":"SAMPLE","#))
        #expect(result.stdout.contains(#""rows":22283"#))
    }

    @Test func includesRowsWithTables() throws {
        let result = try GeoloopBinary.run(["parse", "--tables", geoFile("GSM32878.txt")])
        #expect(result.status == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let table = try #require((object["samples"] as? [[String: Any]])?.first?["table"] as? [String: Any])
        #expect((table["data"] as? [[String]])?.count == 2)
    }

    @Test func reportsABadFileAndExitsOne() throws {
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("geoloop-cli-bad-\(getpid()).soft")
        try Data("<!DOCTYPE html>\n<html>captcha</html>\n".utf8).write(to: bad)
        defer { try? FileManager.default.removeItem(at: bad) }
        let result = try GeoloopBinary.run(["parse", bad.path, geoFile("GSM2795971.txt")])
        #expect(result.status == 1)
        #expect(result.lines.count == 2)
        let error = try #require(
            try JSONSerialization.jsonObject(with: Data(result.lines[0].utf8)) as? [String: Any])
        #expect(error["source"] as? String == bad.path)
        let detail = try #require(error["error"] as? [String: Any])
        #expect(detail["kind"] as? String == "not_soft")
        #expect(detail["line"] as? Int == 1)
        #expect((detail["message"] as? String)?.contains("'<!DOCTYPE html>'") == true)
        #expect(result.lines[1].hasPrefix(#"{"source":""#))
        #expect(result.lines[1].contains(#""accession":"GSM2795971""#))
    }

    @Test func rejectsBadUsageWithStatus64() throws {
        let none = try GeoloopBinary.run(["parse"])
        #expect(none.status == 64)
        #expect(none.stdout == "")
        #expect(none.stderr.hasPrefix("Error: 'geoloop parse' needs at least one FILE."))

        let unknown = try GeoloopBinary.run(["parse", "--frobnicate", "x.soft"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.hasPrefix("Error: unknown option '--frobnicate' for 'geoloop parse'."))
        #expect(unknown.stderr.contains("geoloop help parse"))

        let jobs = try GeoloopBinary.run(["parse", "--jobs", "zero", "x.soft"])
        #expect(jobs.status == 64)
        #expect(jobs.stderr.contains("'zero'"))

        let nothing = try GeoloopBinary.run([])
        #expect(nothing.status == 64)
        #expect(nothing.stderr.hasPrefix("Error: "))

        let command = try GeoloopBinary.run(["frobnicate"])
        #expect(command.status == 64)
        #expect(command.stderr.hasPrefix("Error: unknown command 'frobnicate'."))
    }

    @Test func printsHelpAndVersion() throws {
        let help = try GeoloopBinary.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("parse"))
        let parseHelp = try GeoloopBinary.run(["help", "parse"])
        #expect(parseHelp.status == 0)
        #expect(parseHelp.stdout.contains("USAGE: geoloop parse"))
        #expect(try GeoloopBinary.run(["parse", "--help"]).stdout == parseHelp.stdout)
        let version = try GeoloopBinary.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("geoloop "))
        #expect(version.stdout.contains("zlib \(ZlibVersion.string)"))
    }
}
