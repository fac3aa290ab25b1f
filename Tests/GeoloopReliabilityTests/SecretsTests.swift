import Foundation
import GeoloopTestSupport
import Testing

/// The API key never leaves the process except in requests; cache files are not world-writable;
/// no source turns TLS verification off.
@Suite struct SecretsTests {
    static let key = "RELIABKEY0a1b2c3d4e5f6789"

    @Test func theAPIKeyAppearsInNoOutputErrorOrCacheFile() async throws {
        let harness = try Harness()
        defer {
            harness.server.stop()
            harness.cache.remove()
        }
        let sandbox = try ScratchDir("secrets")
        defer { sandbox.remove() }
        let entries = Array(harness.corpus.entries.prefix(12))
        harness.server.setRoute(Harness.path(entries[0]), .status(404))
        harness.server.setRoute(Harness.path(entries[1]), .status(500))
        harness.server.setRoute(Harness.path(entries[2]), .redirect("file:///etc/passwd"))
        harness.server.setRoute(Harness.path(entries[3]), sequence: [.serviceUnavailable(retryAfter: "0"), .fromRoot])
        try Data(entries.map(\.accession).joined(separator: "\n").utf8).write(
            to: sandbox.url.appendingPathComponent("list"))
        let outputFile = sandbox.url.appendingPathComponent("out.jsonl").path

        let withOption = try await GeoloopProcess.run(
            [
                "fetch", "--input", "list", "--output", outputFile, "--cache-dir", harness.cache.url.path, "--geo-url",
                harness.server.baseURL + "/", "--acc-url", harness.server.baseURL + "/acc.cgi", "--eutils-url",
                harness.server.baseURL + "/eutils/", "--rate", "1000", "--retries", "2", "--api-key", Self.key,
            ], in: sandbox.url)
        let fromEnvironment = try await GeoloopProcess.run(
            [
                "fetch", "--input", "list", "--cache-dir", harness.cache.url.path, "--geo-url",
                harness.server.baseURL + "/", "--rate", "1000", "--retries", "2", "GSE0012", "--email", "x",
            ], in: sandbox.url, environment: ["NCBI_API_KEY": Self.key])

        #expect(withOption.status == 1 && fromEnvironment.status == 1)
        for (name, text) in [
            ("stdout", withOption.stdout), ("stderr", withOption.stderr), ("env stdout", fromEnvironment.stdout),
            ("env stderr", fromEnvironment.stderr),
        ] {
            #expect(!text.contains(Self.key), "the key is in \(name)")
        }
        let written = try String(contentsOfFile: outputFile, encoding: .utf8)
        #expect(written.split(separator: "\n").count == entries.count)
        #expect(!written.contains(Self.key))
        #expect(written.contains("\"failed\"") && fromEnvironment.stdout.contains("\"failed\""))

        var files = 0
        let walker = FileManager.default.enumerator(atPath: harness.cache.url.path)
        while let relative = walker?.nextObject() as? String {
            let path = harness.cache.url.appendingPathComponent(relative).path
            var info = stat()
            #expect(lstat(path, &info) == 0)
            #expect(info.st_mode & S_IWOTH == 0, "\(relative) is world-writable")
            guard info.st_mode & S_IFMT == S_IFREG else { continue }
            files += 1
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(bytes.range(of: Data(Self.key.utf8)) == nil, "the key is in \(relative)")
        }
        #expect(files >= 3 * (entries.count - 3), "a body, a sidecar and a lock per cached series")
    }

    @Test func noSourceDisablesTLSVerification() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let walker = try #require(FileManager.default.enumerator(atPath: sources.path))
        var scanned = 0
        while let relative = walker.nextObject() as? String {
            guard relative.hasSuffix(".swift") || relative.hasSuffix(".c") || relative.hasSuffix(".h") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(relative), encoding: .utf8)
            scanned += 1
            for option in ["SSL_VERIFYPEER", "SSL_VERIFYHOST", "PROXY_SSL_VERIFYPEER", "PROXY_SSL_VERIFYHOST"] {
                #expect(!text.contains(option), "\(relative) sets CURLOPT_\(option)")
            }
        }
        #expect(scanned > 50)
    }
}
