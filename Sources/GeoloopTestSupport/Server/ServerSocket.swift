import Glibc

/// Non-blocking socket I/O that always also watches the server's stop pipe, so no wait outlives `stop()`.
struct ServerSocket {
    let fd: Int32
    /// The read end of the server's stop pipe: readable once the server is stopping.
    let stopFD: Int32

    enum Wait {
        case ready
        case timedOut
        case stopped
    }

    /// Waits until `fd` has `events`, the deadline passes, or the server stops.
    func wait(for events: Int32, until deadline: ContinuousClock.Instant?) -> Wait {
        while true {
            var fds = [
                pollfd(fd: stopFD, events: Int16(POLLIN), revents: 0),
                pollfd(fd: fd, events: Int16(events), revents: 0),
            ]
            let timeout = Self.milliseconds(until: deadline)
            let count = fds.withUnsafeMutableBufferPointer { poll($0.baseAddress, events == 0 ? 1 : 2, timeout) }
            if count < 0 {
                if errno == EINTR { continue }
                return .stopped
            }
            if fds[0].revents != 0 { return .stopped }
            if count == 0 {
                if let deadline, ContinuousClock.now >= deadline { return .timedOut }
                continue
            }
            return .ready
        }
    }

    /// Waits, watching only the stop pipe, until the deadline; false when the server stopped first.
    func pause(until deadline: ContinuousClock.Instant) -> Bool {
        wait(for: 0, until: deadline) != .stopped
    }

    /// Reads what is available into `buffer`; 0 means the peer closed, nil means stopped or failed.
    func read(appendingTo buffer: inout [UInt8]) -> Int? {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let got = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if got > 0 {
                buffer.append(contentsOf: chunk[0..<got])
                return got
            }
            if got == 0 { return 0 }
            if errno == EINTR { continue }
            guard errno == EAGAIN || errno == EWOULDBLOCK else { return nil }
            guard wait(for: Int32(POLLIN), until: nil) == .ready else { return nil }
        }
    }

    /// Sends every byte; false when the peer went away or the server stopped.
    func send(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let flags = Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)
            let wrote = Glibc.send(fd, bytes.baseAddress! + sent, bytes.count - sent, flags)
            if wrote > 0 {
                sent += wrote
                continue
            }
            if wrote < 0 && errno == EINTR { continue }
            guard wrote < 0, errno == EAGAIN || errno == EWOULDBLOCK else { return false }
            guard wait(for: Int32(POLLOUT), until: nil) == .ready else { return false }
        }
        return true
    }

    func send(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { send($0) }
    }

    /// Waits until the peer closes (reading and dropping anything it sends) or the server stops.
    func waitForPeerToLeave() {
        var scratch: [UInt8] = []
        while let got = read(appendingTo: &scratch), got > 0 {
            scratch.removeAll(keepingCapacity: true)
        }
    }

    /// Drops input already received, without waiting: closing a socket with unread input sends a
    /// reset, which can destroy the last response before the peer reads it.
    func discardPendingInput() {
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        while scratch.withUnsafeMutableBytes({ recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }) > 0 {}
    }

    /// Half-closes and drops what the peer still sends for up to `limit`, so closing with unread
    /// input does not reset the connection before the peer has read our last response.
    func closeGracefully(within limit: Duration) {
        shutdown(fd, Int32(SHUT_WR))
        let deadline = ContinuousClock.now + limit
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        while wait(for: Int32(POLLIN), until: deadline) == .ready {
            let got = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN) { return }
        }
    }

    private static func milliseconds(until deadline: ContinuousClock.Instant?) -> Int32 {
        guard let deadline else { return -1 }
        let left = ContinuousClock.now.duration(to: deadline)
        if left <= .zero { return 0 }
        let (seconds, attoseconds) = left.components
        let millis = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(min(millis, 60_000))
    }
}
