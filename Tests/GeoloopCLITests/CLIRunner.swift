import Foundation
import Testing

/// What one run of the `geoloop` binary printed and how it exited.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `geoloop` with `arguments`, feeding `stdin`, and waits for it to exit.
///
/// The environment is the test's own minus the variables geoloop reads, plus `environment`, so a
/// developer's NCBI_API_KEY or cache never leaks into a test.
func runGeoloop(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> CLIResult {
    try run(try geoloopProcess(arguments, environment: environment), stdin: stdin.map { Data($0.utf8) })
}

/// Runs the built `geoloop` with `arguments`, feeding it `stdin` bytes.
func runGeoloop(_ arguments: [String], stdin: Data) throws -> CLIResult {
    try run(try geoloopProcess(arguments), stdin: stdin)
}

/// Runs a prepared `process`, feeding `stdin`, and waits for it to exit.
func run(_ process: Process, stdin: String?) throws -> CLIResult {
    try run(process, stdin: stdin.map { Data($0.utf8) })
}

/// Runs a prepared `process`, feeding `stdin` bytes, and waits for it to exit.
func run(_ process: Process, stdin: Data? = nil) throws -> CLIResult {
    let output = Pipe()
    let errors = Pipe()
    let input = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try input.fileHandleForWriting.close()

    // Read both pipes at once so a full stderr pipe cannot block the child while stdout is read.
    let errorData = ReadInBackground(errors.fileHandleForReading)
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CLIResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errorData.wait(), as: UTF8.self))
}

extension CLIResult {
    /// Standard output's lines, without their newlines.
    var lines: [String] { stdout.split(separator: "\n").map(String.init) }

    /// Standard output's lines, each parsed as a JSON object.
    func jsonLines() throws -> [[String: Any]] {
        try lines.map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(object as? [String: Any])
        }
    }
}

/// A `Process` for the built binary with a clean environment (see ``runGeoloop(_:environment:stdin:)``).
func geoloopProcess(_ arguments: [String], environment: [String: String] = [:]) throws -> Process {
    try productProcess("geoloop", arguments, environment: environment)
}

/// A `Process` for the built product `name` with a clean environment.
func productProcess(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Process {
    let process = Process()
    process.executableURL = try productBinary(name)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for name in ["NCBI_API_KEY", "NCBI_EMAIL", "GEOLOOP_CACHE_DIR", "XDG_CACHE_HOME"] { env[name] = nil }
    env.merge(environment) { $1 }
    process.environment = env
    return process
}

/// Reads a file handle to its end on another thread.
final class ReadInBackground: @unchecked Sendable {  // `data` is written before `done` is signalled.
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

/// A fresh temporary directory, removed by the caller with ``removeDirectory(_:)``.
func makeTemporaryDirectory(_ label: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
        "geoloop-cli-\(label)-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func removeDirectory(_ url: URL) {
    try? FileManager.default.removeItem(at: url)
}
