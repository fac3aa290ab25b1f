import Dispatch
import Foundation

/// The built `geoloop` executable: it sits in the products directory beside the test bundle.
func geoloopBinary() throws -> URL {
    var dir = Bundle.main.bundleURL
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("geoloop")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    throw BinaryNotFound(searchedFrom: Bundle.main.bundleURL.path)
}

struct BinaryNotFound: Error, CustomStringConvertible {
    var searchedFrom: String
    var description: String { "the geoloop executable was not found near \(searchedFrom); run `swift build` first" }
}

/// One run of `geoloop`, its standard output and error captured in files (no pipe can fill up).
final class GeoloopProcess: Sendable {
    let process: Process
    let stdoutURL: URL
    let stderrURL: URL

    /// Starts `geoloop arguments...` in `directory` with `environment` added to this process's own
    /// (minus NCBI_API_KEY, so only what a test passes is seen).
    init(_ arguments: [String], in directory: URL, environment: [String: String] = [:], stdin: URL? = nil) throws {
        let process = Process()
        process.executableURL = try geoloopBinary()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var merged = ProcessInfo.processInfo.environment
        merged["NCBI_API_KEY"] = nil
        merged.merge(environment) { _, new in new }
        process.environment = merged
        let tag = UUID().uuidString
        stdoutURL = FileManager.default.temporaryDirectory.appendingPathComponent("geoloop-reliab-out-\(tag)")
        stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("geoloop-reliab-err-\(tag)")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        if let stdin { process.standardInput = try FileHandle(forReadingFrom: stdin) }
        self.process = process
        try process.run()
    }

    /// Waits (on a Dispatch thread) for the process to end; returns its exit status, or 128 + the
    /// signal that ended it.
    func wait() async -> Int32 {
        let process = self.process
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                process.waitUntilExit()
                let status = process.terminationStatus
                continuation.resume(returning: process.terminationReason == .uncaughtSignal ? 128 + status : status)
            }
        }
    }

    func killHard() { kill(process.processIdentifier, SIGKILL) }

    var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    func removeOutputs() {
        try? FileManager.default.removeItem(at: stdoutURL)
        try? FileManager.default.removeItem(at: stderrURL)
    }

    /// Runs `geoloop` to the end: (status, stdout, stderr).
    static func run(
        _ arguments: [String], in directory: URL, environment: [String: String] = [:], stdin: URL? = nil
    ) async throws -> (status: Int32, stdout: String, stderr: String) {
        let process = try GeoloopProcess(arguments, in: directory, environment: environment, stdin: stdin)
        let status = await process.wait()
        defer { process.removeOutputs() }
        return (status, process.stdout, process.stderr)
    }
}

/// Every file and directory under `root`, with its size and modification time: compared before and
/// after a run to prove nothing outside the allowed places was touched.
func snapshot(_ root: URL) -> [String: String] {
    var result: [String: String] = [:]
    guard let walker = FileManager.default.enumerator(atPath: root.path) else { return result }
    while let relative = walker.nextObject() as? String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: root.appendingPathComponent(relative).path)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        result[relative] = "\(size) \(modified)"
    }
    return result
}
