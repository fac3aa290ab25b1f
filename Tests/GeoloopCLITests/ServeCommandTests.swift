import Foundation
import Testing

@Suite struct ServeCommandTests {
    @Test(arguments: [SIGTERM, SIGINT])
    func servesACacheTreeUntilStopped(by signal: Int32) throws {
        let directory = try makeTemporaryDirectory("serve")
        defer { removeDirectory(directory) }
        let file = directory.appendingPathComponent("geo/series/GSEnnn/GSE7/soft/hello.txt")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("hello from the mirror\n".utf8).write(to: file)

        let process = try geoloopProcess(["serve", directory.path, "--delay-ms", "1"])
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let errorText = ReadInBackground(errors.fileHandleForReading)

        // The first stdout line is the base URL; the cache root's geo/ folder is what is served.
        let baseURL = try #require(readLine(from: output.fileHandleForReading))
        #expect(baseURL.hasPrefix("http://127.0.0.1:"))
        #expect(baseURL.hasSuffix("/"))
        let body = try curl(baseURL + "series/GSEnnn/GSE7/soft/hello.txt")
        #expect(body == "hello from the mirror\n")

        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        let stderr = String(decoding: errorText.wait(), as: UTF8.self)
        #expect(stderr.contains("Stopped by \(signal == SIGINT ? "SIGINT" : "SIGTERM") after 1 requests."))
    }

    @Test func aMissingDirectoryIsBadUsage() throws {
        let result = try runGeoloop(["serve", "/nonexistent/geoloop-mirror"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: '/nonexistent/geoloop-mirror' is not a directory.\n"))
    }
}

/// Reads one line (without its newline) from a pipe, byte by byte so nothing after it is consumed.
func readLine(from handle: FileHandle) -> String? {
    var bytes: [UInt8] = []
    while true {
        guard let data = try? handle.read(upToCount: 1), let byte = data.first else {
            return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
        }
        if byte == 0x0A { return String(decoding: bytes, as: UTF8.self) }
        bytes.append(byte)
    }
}

/// The body of a GET with the system's curl (installed by scripts/install-deps).
func curl(_ url: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    process.arguments = ["-sS", "--fail", url]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}
