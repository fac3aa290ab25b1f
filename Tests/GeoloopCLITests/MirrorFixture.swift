import Foundation
import GeoloopTestSupport

/// A generated corpus served by a loopback server, with a cache directory beside it.
struct MirrorFixture {
    let directory: URL
    let server: TestHTTPServer
    let entries: [CorpusEntry]

    init(series: Int, label: String) throws {
        directory = try makeTemporaryDirectory(label)
        let mirror = directory.appendingPathComponent("mirror")
        entries = try CorpusGenerator.write(
            CorpusSpec(seriesCount: series, seed: 11, mix: .small, includesShortAccessions: false), to: mirror)
        server = try TestHTTPServer(root: mirror)
    }

    var cacheDirectory: String { directory.appendingPathComponent("cache").path }

    /// The options that point `geoloop fetch` at this mirror and cache.
    var fetchOptions: [String] {
        ["--geo-url", server.baseURL + "/", "--cache-dir", cacheDirectory, "--rate", "1000", "--retries", "0"]
    }

    func file(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func path(of entry: CorpusEntry) -> String { "/" + entry.relativePath }

    func finish() {
        server.stop()
        removeDirectory(directory)
    }
}
