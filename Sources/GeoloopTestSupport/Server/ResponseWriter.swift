/// Sends a `ResponsePlan` on a connection: delay, head, body in paced chunks, cuts and stalls.
struct ResponseWriter {
    let socket: ServerSocket
    /// Largest chunk read from the body source and sent at once.
    static let chunkSize = 64 * 1024

    /// Sends the response; returns whether the connection can carry another request.
    func send(_ plan: ResponsePlan) -> Bool {
        defer { plan.body.release() }
        if plan.drop { return false }
        if plan.silent {
            socket.waitForPeerToLeave()
            return false
        }
        if plan.delay > .zero && !socket.pause(until: .now + plan.delay) { return false }

        let head = plan.head()
        guard plan.sendsBody else { return socket.send(head) && !plan.closeConnection }
        var toSend = plan.bodyLength.map { $0 } ?? Int.max
        if let partial = plan.partialBodyBytes { toSend = min(toSend, partial) }
        if case .memory(let bytes) = plan.body, plan.bytesPerSecond == nil, toSend <= Self.chunkSize {
            guard socket.send(head + bytes[plan.bodyOffset..<(plan.bodyOffset + toSend)]) else { return false }
        } else {
            guard socket.send(head), sendBody(plan, count: toSend) else { return false }
        }

        if plan.partialBodyBytes != nil {
            if plan.afterPartialBody == .stall { socket.waitForPeerToLeave() }
            return false
        }
        return !plan.closeConnection
    }

    /// Streams `count` body bytes in chunks, paced to the plan's rate; false when the peer left or we stopped.
    private func sendBody(_ plan: ResponsePlan, count: Int) -> Bool {
        let chunk = plan.bytesPerSecond.map { max(1, min(Self.chunkSize, $0 / 20)) } ?? Self.chunkSize
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        let start = ContinuousClock.now
        var sent = 0
        while sent < count {
            let want = min(chunk, count - sent)
            let got = plan.body.read(
                into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]), at: plan.bodyOffset + sent)
            guard got > 0, socket.send(UnsafeRawBufferPointer(rebasing: buffer[0..<got])) else { return false }
            sent += got
            if let rate = plan.bytesPerSecond, rate > 0, sent < count {
                let due = start + .seconds(Double(sent) / Double(rate))
                if due > .now && !socket.pause(until: due) { return false }
            }
        }
        return true
    }
}
