import Dispatch
import Foundation
import GeoloopLocks
import Glibc

/// The listener, connection threads and shared state behind a `TestHTTPServer`. Threads hold this,
/// not the public object, so dropping the server object can stop it.
final class ServerCore: Sendable {
    let port: Int
    let planner: ResponsePlanner
    let state = Lock(ServerState())
    /// Broadcast after every request and connection close to wake `wait(until:)`; held only around
    /// checks and broadcasts, never around I/O.
    private let changed = NSCondition()
    private let listenFD: Int32
    /// Read end of the stop pipe: every poll watches it; it turns readable (and stays so) on stop.
    private let stopRead: Int32
    private let stopWrite: Int32
    private let threads = DispatchGroup()

    init(root: URL?, port: Int) throws(TestHTTPServerError) {
        var resolvedRoot: String?
        if let root {
            guard let real = realpath(root.path, nil) else {
                throw TestHTTPServerError(
                    kind: .badRoot, message: "The root \(root.path) does not exist; pass an existing directory.")
            }
            resolvedRoot = String(cString: real)
            free(real)
            if resolvedRoot == "/" { resolvedRoot = "" }
        }
        planner = ResponsePlanner(root: resolvedRoot)

        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { throw .system("create its stop pipe") }
        for fd in pipeFDs { Self.makeNonBlocking(fd) }
        stopRead = pipeFDs[0]
        stopWrite = pipeFDs[1]
        do {
            (listenFD, self.port) = try Self.listen(port: port)
        } catch {
            close(pipeFDs[0])
            close(pipeFDs[1])
            throw error
        }

        threads.enter()
        let listener = Thread { [self] in
            acceptLoop()
            threads.leave()
        }
        listener.name = "geoloop-test-server-listener"
        listener.start()
    }

    private static func listen(port: Int) throws(TestHTTPServerError) -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system("socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(clamping: port)).bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let error = TestHTTPServerError.system("bind to 127.0.0.1:\(port)")
            close(fd)
            throw error
        }
        makeNonBlocking(fd)
        guard Glibc.listen(fd, 1024) == 0 else {
            let error = TestHTTPServerError.system("listen")
            close(fd)
            throw error
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// Sets O_NONBLOCK and FD_CLOEXEC (Glibc's accept4 and pipe2 need _GNU_SOURCE, which Swift lacks).
    private static func makeNonBlocking(_ fd: Int32) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }

    private func acceptLoop() {
        defer { close(listenFD) }
        let listener = ServerSocket(fd: listenFD, stopFD: stopRead)
        while listener.wait(for: Int32(POLLIN), until: nil) == .ready {
            let fd = accept(listenFD, nil, nil)
            guard fd >= 0 else {
                // Out of descriptors: back off briefly instead of spinning on a listener that stays readable.
                if errno == EMFILE || errno == ENFILE { _ = listener.pause(until: .now + .milliseconds(10)) }
                continue
            }
            Self.makeNonBlocking(fd)
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let number: Int? = state.withLock {
                guard !$0.stopping else { return nil }
                $0.connectionsAccepted += 1
                $0.openConnections += 1
                return $0.connectionsAccepted
            }
            guard let number else {
                close(fd)
                break
            }
            threads.enter()
            let thread = Thread { [self] in
                serve(connection: fd, number: number)
                state.withLock { $0.openConnections -= 1 }
                announceChange()
                threads.leave()
            }
            thread.name = "geoloop-test-server-connection-\(number)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Answers requests on one connection until either side closes it or the server stops.
    private func serve(connection fd: Int32, number: Int) {
        let socket = ServerSocket(fd: fd, stopFD: stopRead)
        defer {
            socket.discardPendingInput()
            close(fd)
        }
        let writer = ResponseWriter(socket: socket)
        var buffer: [UInt8] = []
        while true {
            switch HTTPRequestParser.parse(buffer) {
            case .incomplete:
                guard let got = socket.read(appendingTo: &buffer), got > 0 else { return }
            case .invalid(let status, let reason):
                var plan = ResponsePlan(status: status)
                let text = "\(status) \(HTTPStatus.reason(status)): \(reason)\n"
                plan.body = .memory(Array(text.utf8))
                plan.bodyLength = text.utf8.count
                plan.headers = [
                    ("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", "\(text.utf8.count)"),
                    ("Connection", "close"),
                ]
                plan.closeConnection = true
                _ = writer.send(plan)
                socket.closeGracefully(within: .seconds(2))
                return
            case .request(let head, let consumed):
                buffer.removeFirst(consumed)
                let decision = state.withLock { $0.decide(for: head, connectionNumber: number) }
                announceChange()
                let plan = planner.plan(
                    for: head, script: decision.script, fault: decision.fault, profile: decision.profile)
                if !plan.silent && !plan.drop, let index = decision.recordIndex {
                    state.withLock { $0.requests[index].status = plan.status }
                }
                guard writer.send(plan) else { return }
            }
        }
    }

    private func announceChange() {
        changed.lock()
        changed.broadcast()
        changed.unlock()
    }

    /// Waits until `predicate` holds for the state, or the timeout passes; returns whether it holds.
    func wait(timeout: Duration, until predicate: (borrowing ServerState) -> Bool) -> Bool {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) * 1e-18
        let deadline = Date(timeIntervalSinceNow: seconds)
        changed.lock()
        defer { changed.unlock() }
        while !state.withLock({ predicate($0) }) {
            if !changed.wait(until: deadline) { return state.withLock { predicate($0) } }
        }
        return true
    }

    /// Stops listening, wakes and closes every connection, and waits for all threads to end.
    func stop() {
        let first = state.withLock { state in
            defer { state.stopping = true }
            return !state.stopping
        }
        if first {
            var byte: UInt8 = 1
            _ = write(stopWrite, &byte, 1)
        }
        threads.wait()
    }

    deinit {
        close(stopRead)
        close(stopWrite)
    }
}
