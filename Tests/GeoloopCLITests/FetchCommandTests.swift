import Dispatch
import Foundation
import GeoloopTestSupport
import Testing

/// `geoloop fetch` run as a binary against a loopback server over a small generated corpus.
@Suite struct FetchCommandTests {
    struct Setup {
        let server: TestHTTPServer
        let directory: URL
        let entries: [CorpusEntry]

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "geoloop-fetch-cli-\(UUID().uuidString)", isDirectory: true)
            entries = try CorpusGenerator.write(
                CorpusSpec(seriesCount: 12, seed: 5, mix: .small), to: directory.appendingPathComponent("geo"))
            server = try TestHTTPServer(root: directory.appendingPathComponent("geo"))
        }

        /// The options pointing at this server and a cache in the test directory.
        var common: [String] {
            [
                "--geo-url", server.baseURL + "/", "--cache-dir", directory.appendingPathComponent("cache").path,
                "--rate", "1000", "--retries", "1", "--quiet",
            ]
        }

        func path(_ entry: CorpusEntry) -> String { "/" + entry.relativePath }

        func finish() {
            server.stop()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    @Test func fetchesEachAccessionOnceAndExitsZero() throws {
        let setup = try Setup()
        let chosen = Array(setup.entries.prefix(3))
        let input = "# my series\n\n\(chosen[1].accession)\r\n  \(chosen[2].accession)  \n\(chosen[1].accession)\n"

        let result = try runGeoloop(
            ["fetch"] + setup.common + [chosen[0].accession, "--input", "-"], stdin: Data(input.utf8))

        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        let lines = try result.jsonLines()
        #expect(lines.count == 3)
        #expect(Set(lines.compactMap { $0["accession"] as? String }) == Set(chosen.map(\.accession)))
        for line in lines {
            let accession = try #require(line["accession"] as? String)
            let entry = try #require(chosen.first { $0.accession == accession })
            #expect(line["status"] as? String == "ok")
            let series = try #require(line["series"] as? [String: Any])
            #expect(series["accession"] as? String == accession)
            #expect(series["kind"] as? String == "SERIES")
            #expect((line["samples"] as? [Any])?.count == entry.sampleCount)
            #expect((line["platforms"] as? [Any])?.count == entry.platformIDs.count)
            let source = try #require(line["source"] as? [String: Any])
            #expect(source["from_cache"] as? Bool == false)
            #expect(source["attempts"] as? Int == 1)
            #expect(source["bytes"] as? Int == entry.compressedBytes)
            #expect(source["url"] as? String == setup.server.baseURL + setup.path(entry))
            #expect(setup.server.requestCount(path: setup.path(entry)) == 1)
        }
        setup.finish()
    }

    @Test func invalidLinesAreReportedWithTheirNumbersAndGiveStatusOne() throws {
        let setup = try Setup()
        let entry = setup.entries[0]
        let list = setup.directory.appendingPathComponent("list.txt")
        try "\(entry.accession)\nGSEabc\n# fine\nGSM12\n".write(to: list, atomically: true, encoding: .utf8)

        let result = try runGeoloop(["fetch"] + setup.common + ["--input", list.path])

        #expect(result.status == 1)
        let errors = result.stderr.split(separator: "\n").map(String.init)
        #expect(errors.count == 2)
        #expect(errors[0].hasPrefix("Error: line 2: \"GSEabc\" is not a GEO accession"))
        #expect(errors[1].hasPrefix("Error: line 4: \"GSM12\" cannot be used here"))
        let lines = try result.jsonLines()
        #expect(lines.map { $0["accession"] as? String } == [entry.accession])
        #expect(setup.server.totalRequests == 1)
        setup.finish()
    }

    @Test func aMissingSeriesGivesAFailedLineAndStatusOne() throws {
        let setup = try Setup()
        let entry = setup.entries[1]

        let result = try runGeoloop(["fetch"] + setup.common + [entry.accession, "GSE99999999"])

        #expect(result.status == 1)
        let lines = try result.jsonLines()
        #expect(lines.count == 2)
        let failed = try #require(lines.first { $0["accession"] as? String == "GSE99999999" })
        #expect(failed["status"] as? String == "failed")
        let error = try #require(failed["error"] as? [String: Any])
        #expect(error["kind"] as? String == "not_found")
        #expect((error["message"] as? String)?.contains("GSE99999999") == true)
        #expect(error["attempts"] as? Int == 1)
        #expect(lines.first { $0["accession"] as? String == entry.accession }?["status"] as? String == "ok")
        setup.finish()
    }

    @Test func outputGoesToAFileAndASecondRunComesFromTheCache() throws {
        let setup = try Setup()
        let accessions = setup.entries.map(\.accession)
        let output = setup.directory.appendingPathComponent("out.jsonl")

        let first = try runGeoloop(["fetch"] + setup.common + accessions + ["--output", output.path])
        let requests = setup.server.totalRequests
        let second = try runGeoloop(["fetch"] + setup.common + accessions + ["--offline"])

        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "")
        let written = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
        #expect(written.count == accessions.count)
        #expect(requests == accessions.count)
        #expect(second.status == 0, "\(second.stderr)")
        let lines = try second.jsonLines()
        #expect(lines.count == accessions.count)
        #expect(lines.allSatisfy { ($0["source"] as? [String: Any])?["from_cache"] as? Bool == true })
        #expect(setup.server.totalRequests == requests)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: setup.directory.path)
        #expect(!leftovers.contains { $0.contains(".tmp-") })
        setup.finish()
    }

    /// `http_proxy` is honoured as curl honours it: the GEO host (which does not resolve) is
    /// reached only through the proxy, here the loopback server taking absolute-form requests.
    @Test func theProxyFromTheEnvironmentIsUsed() throws {
        let setup = try Setup()
        defer { setup.finish() }
        let entry = setup.entries[0]
        let cache = setup.directory.appendingPathComponent("cache").path
        let result = try runGeoloop(
            [
                "fetch", "--geo-url", "http://geo.invalid/", "--cache-dir", cache, "--rate", "1000", "--retries", "1",
                "--quiet", entry.accession,
            ],
            environment: ["http_proxy": setup.server.baseURL, "no_proxy": "", "NO_PROXY": ""])

        #expect(result.status == 0, "\(result.stderr)")
        let lines = try result.jsonLines()
        #expect(lines.first?["status"] as? String == "ok")
        let source = try #require(lines.first?["source"] as? [String: Any])
        #expect(source["url"] as? String == "http://geo.invalid" + setup.path(entry))
        #expect(setup.server.requestCount(path: setup.path(entry)) == 1)
    }

    /// A cache the user may read but not write (another user's, or on a read-only mount) still
    /// answers: the lock file is opened read-only, or skipped where it is missing.
    @Test func aCacheThisUserCannotWriteStillAnswers() throws {
        let setup = try Setup()
        defer { setup.finish() }
        let accessions = setup.entries.prefix(3).map(\.accession)
        let first = try runGeoloop(["fetch"] + setup.common + accessions)
        #expect(first.status == 0, "\(first.stderr)")
        let cache = setup.directory.appendingPathComponent("cache").path
        let files = try #require(FileManager.default.subpaths(atPath: cache))
        let locks = files.filter { $0.hasSuffix(".lock") }
        #expect(locks.count == 3)
        try FileManager.default.removeItem(atPath: cache + "/" + locks[0])
        try setReadOnly(cache, readOnly: true)
        defer { try? setReadOnly(cache, readOnly: false) }

        // Root ignores permissions, so as root the binary runs as nobody (setpriv, util-linux),
        // from a copy in the world-readable test directory.
        let process = try geoloopProcess(["fetch"] + setup.common + accessions + ["--offline"])
        if getuid() == 0 {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: setup.directory.path)
            let copy = setup.directory.appendingPathComponent("geoloop-copy")
            try FileManager.default.copyItem(at: try geoloopBinary(), to: copy)
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", copy.path] + process.arguments!
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        }
        let second = try run(process)

        #expect(second.status == 0, "\(second.stderr)")
        let lines = try second.jsonLines()
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0["status"] as? String == "ok" })
        #expect(lines.allSatisfy { ($0["source"] as? [String: Any])?["from_cache"] as? Bool == true })
    }

    /// Directories 0555 and files 0444 under `path` (or 0755 and 0644 again).
    private func setReadOnly(_ path: String, readOnly: Bool) throws {
        let manager = FileManager.default
        for relative in try #require(manager.subpaths(atPath: path)) + [""] {
            let full = relative.isEmpty ? path : path + "/" + relative
            var isDirectory: ObjCBool = false
            _ = manager.fileExists(atPath: full, isDirectory: &isDirectory)
            let mode = isDirectory.boolValue ? (readOnly ? 0o555 : 0o755) : (readOnly ? 0o444 : 0o644)
            try manager.setAttributes([.posixPermissions: mode], ofItemAtPath: full)
        }
    }

    @Test(arguments: [
        ["fetch"], ["fetch", "--concurrency", "0", "GSE1"], ["fetch", "--bogus", "GSE1"],
        ["fetch", "--rate", "x", "GSE1"],
        ["fetch", "--geo-url", "not a url", "GSE1"], ["fetch", "--input"], ["fetch", "--brief", "--tables", "GSE1"],
    ])
    func badUsageExitsWith64(arguments: [String]) throws {
        let result = try runGeoloop(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: "))
        #expect(result.stdout == "")
    }

    /// `--brief` reads the series and its samples from acc.cgi (here the real answers for
    /// GSE100494), not the family file.
    @Test func briefReadsTheQueryCGIRecords() throws {
        let setup = try Setup()
        defer { setup.finish() }
        let data = SharedData.geoDirectory
        setup.server.setRoute(
            "/acc.cgi",
            sequence: [
                .file(data.appendingPathComponent("GSE100494_GSE.soft")),
                .file(data.appendingPathComponent("GSE100494_GSM.soft")),
            ])

        let result = try runGeoloop(
            ["fetch", "--brief", "--acc-url", setup.server.baseURL + "/acc.cgi"] + setup.common + ["GSE100494"])

        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(#""accession":"GSE100494","status":"ok""#))
        #expect(result.stdout.contains(#""sample_ids":["GSM2684979","GSM2684980"]"#))
        #expect(result.stdout.contains(#""platforms":[]"#))
        #expect(setup.server.requestCount(path: "/acc.cgi") == 2)
        #expect(setup.server.totalRequests == 2)
    }

    @Test func helpDescribesTheOutput() throws {
        let result = try runGeoloop(["fetch", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: geoloop fetch"))
        #expect(result.stdout.contains("--api-key KEY"))
    }
}
