import Dispatch
import Foundation
import GeoloopTestSupport

// fetch-serve: serves a directory over loopback HTTP/1.1 for the fetch and suite benchmarks, optionally
// like a distant server (a delay before each response's first byte, a per-connection byte rate) or a
// rate-limited one (429 beyond N requests/s).

let usage = """
    Usage: fetch-serve --root DIR [--delay-ms N] [--rate-bytes N] [--rate-limit N] [--stats FILE]

    Serves DIR on 127.0.0.1 (a free port), prints the port on one line, and serves until killed.
    --rate-limit N answers 429 (Retry-After: 1) beyond N requests per second (a token bucket with a
    burst of N). --stats FILE writes "requests R" and "status_429 C" lines to FILE on SIGTERM or
    SIGINT, then exits.
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("Error: \(message)\n\(usage)\n".utf8))
    exit(64)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var root: String?
var delayMilliseconds = 0
var bytesPerSecond: Int?
var requestsPerSecond: Double?
var statsPath: String?

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
    case "--rate-limit":
        guard let number = Double(value), number > 0 else { fail("'\(value)' is not a valid --rate-limit.") }
        requestsPerSecond = number
    case "--stats": statsPath = value
    default: fail("unknown option '\(option)'.")
    }
}
guard let root else { fail("--root DIR is required.") }

let server: TestHTTPServer
do {
    server = try TestHTTPServer(root: URL(fileURLWithPath: root, isDirectory: true))
} catch {
    FileHandle.standardError.write(Data("Error: cannot serve \(root): \(error)\n".utf8))
    exit(1)
}
// Statuses are only known from recorded requests; record them when the caller asks for statistics.
server.setRecordingRequests(statsPath != nil)
server.setProfile(
    ServingProfile(delayBeforeFirstByte: .milliseconds(delayMilliseconds), bytesPerSecond: bytesPerSecond))
if let requestsPerSecond {
    server.setRateLimit(requestsPerSecond: requestsPerSecond, retryAfterSeconds: 1)
}

var signalSources: [any DispatchSourceSignal] = []
for number in [SIGTERM, SIGINT] {
    signal(number, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
    source.setEventHandler {
        if let statsPath {
            let requests = server.requests
            let tooMany = requests.filter { $0.status == 429 }.count
            let text = "requests \(server.totalRequests)\nstatus_429 \(tooMany)\n"
            _ = FileManager.default.createFile(atPath: statsPath, contents: Data(text.utf8))
        }
        exit(0)
    }
    source.resume()
    signalSources.append(source)
}

FileHandle.standardOutput.write(Data("\(server.port)\n".utf8))
dispatchMain()
