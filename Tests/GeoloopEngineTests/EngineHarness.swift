import Foundation
import GeoloopEngine
import GeoloopTestSupport
import Testing

/// Runs `body` with a fresh engine, then shuts it down and checks that the loop closed cleanly
/// (`uv_loop_close` returned 0: no uv handle leaked), also when `body` throws.
func withCheckedEngine<T>(
    _ configuration: EngineConfiguration = EngineConfiguration(), _ body: (TransferEngine) async throws -> T
) async throws -> T {
    let engine = try TransferEngine(configuration: configuration)
    let result: Result<T, any Error>
    do {
        result = .success(try await body(engine))
    } catch {
        result = .failure(error)
    }
    await engine.shutdown()
    #expect(engine.lastLoopCloseResult == 0)
    #expect(engine.counters.inFlight == 0)
    #expect(engine.counters.queued == 0)
    return try result.get()
}

/// A loopback server that is stopped when the test's closure ends.
func withScriptedServer<T>(_ body: (TestHTTPServer) async throws -> T) async throws -> T {
    let server = try TestHTTPServer()
    defer { server.stop() }
    return try await body(server)
}

/// The error `operation` throws, as a TransferError; records an issue when it succeeds or throws
/// something else.
func expectTransferError(
    _ operation: () async throws -> TransferResponse, sourceLocation: SourceLocation = #_sourceLocation
) async -> TransferError? {
    do {
        let response = try await operation()
        Issue.record("expected a TransferError, got HTTP \(response.status)", sourceLocation: sourceLocation)
    } catch let error as TransferError {
        return error
    } catch {
        Issue.record("expected a TransferError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// FNV-1a over the bytes: a checksum for comparing bodies.
func bodyChecksum(_ bytes: [UInt8]) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    return hash
}

/// A loopback port nothing listens on: bound (so no one else holds it), then closed.
func closedLoopbackPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #expect(descriptor >= 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    #expect(bound == 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// A fresh temporary directory for one test.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("geoloop-engine-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Waits (off the cooperative pool) until the server has seen `count` requests to `path`.
func serverSawRequests(_ server: TestHTTPServer, count: Int, path: String) async -> Bool {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(returning: server.waitForRequests(count: count, path: path, timeout: .seconds(30)))
        }
    }
}

/// Waits (off the cooperative pool) until at most `count` connections to the server are open.
func serverConnectionsDropped(_ server: TestHTTPServer, downTo count: Int) async -> Bool {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(returning: server.waitForOpenConnections(atMost: count, timeout: .seconds(30)))
        }
    }
}

/// A loopback listener whose accept queue is full and never drained: new connections hang in the
/// SYN stage, so a client's connect timeout fires. Close both descriptors when done.
func unansweredListener() throws -> (port: Int, descriptors: [Int32]) {
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
    }
    #expect(listen(listener, 0) == 0)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
    }
    // Fill the accept queue (backlog 0 holds one connection) so later SYNs are dropped: the first
    // filler connects blocking, so the queue is full before the test goes on.
    var descriptors = [listener]
    for blocking in [true, false] {
        let flags = Int32(SOCK_STREAM.rawValue) | (blocking ? 0 : Int32(SOCK_NONBLOCK.rawValue))
        let filler = socket(AF_INET, flags, 0)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, length) }
        }
        descriptors.append(filler)
    }
    return (Int(UInt16(bigEndian: address.sin_port)), descriptors)
}

/// Waits for a condition on the engine's atomic counters (for states the engine exposes no event
/// for), looking again every millisecond: the pause frees the cooperative thread, which a bare
/// `Task.yield()` spin on a 2-core machine does not, for other tests running at once. False after
/// 20 s.
func eventually(_ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let giveUp = clock.now + .seconds(20)
    while !condition() {
        if clock.now > giveUp { return false }
        try? await Task.sleep(for: .milliseconds(1))
    }
    return true
}
