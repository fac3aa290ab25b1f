import Foundation
import GeoloopTestSupport

// fetch-serve: serves a directory over loopback HTTP/1.1 for the fetch benchmark, optionally like a
// distant server (a delay before each response's first byte, a per-connection byte rate).

let usage = """
    Usage: fetch-serve --root DIR [--delay-ms N] [--rate-bytes N]

    Serves DIR on 127.0.0.1 (a free port), prints the port on one line, and serves until killed.
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("Error: \(message)\n\(usage)\n".utf8))
    exit(64)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var root: String?
var delayMilliseconds = 0
var bytesPerSecond: Int?

while !arguments.isEmpty {
    let option = arguments.removeFirst()
    guard let value = arguments.first else { fail("'\(option)' needs a value.") }
    arguments.removeFirst()
    switch option {
    case "--root": root = value
    case "--delay-ms":
        guard let number = Int(value), number >= 0 else { fail("'\(value)' is not a valid --delay-ms.") }
        delayMilliseconds = number
    case "--rate-bytes":
        guard let number = Int(value), number > 0 else { fail("'\(value)' is not a valid --rate-bytes.") }
        bytesPerSecond = number
    default: fail("unknown option '\(option)'.")
    }
}
guard let root else { fail("--root DIR is required.") }

do {
    let server = try TestHTTPServer(root: URL(fileURLWithPath: root, isDirectory: true))
    server.setRecordingRequests(false)
    server.setProfile(
        ServingProfile(delayBeforeFirstByte: .milliseconds(delayMilliseconds), bytesPerSecond: bytesPerSecond))
    FileHandle.standardOutput.write(Data("\(server.port)\n".utf8))
    while true { sleep(3600) }
} catch {
    FileHandle.standardError.write(Data("Error: cannot serve \(root): \(error)\n".utf8))
    exit(1)
}
