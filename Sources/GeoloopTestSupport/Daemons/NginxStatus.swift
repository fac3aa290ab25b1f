/// nginx's connection and request counters (its `stub_status` page). Counters are updated when a
/// connection is accepted or a request is read, so they are exact as soon as a client finishes.
public struct NginxStatus: Sendable, Equatable {
    /// Connections open right now, including the one that fetched this status.
    public var active: Int
    /// Connections accepted since start, including the one that fetched this status.
    public var accepted: Int
    /// Requests read since start (each HTTP/2 stream counts), including this one.
    public var requests: Int

    /// Parses the stub_status body: `Active connections: N`, then `accepts handled requests` numbers.
    init?(parsing text: String) {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" })
        guard let activeAt = words.firstIndex(of: "connections:"), activeAt + 1 < words.count,
            let active = Int(words[activeAt + 1]),
            let requestsAt = words.firstIndex(of: "requests"), requestsAt + 3 < words.count,
            let accepted = Int(words[requestsAt + 1]), let requests = Int(words[requestsAt + 3])
        else { return nil }
        self.active = active
        self.accepted = accepted
        self.requests = requests
    }
}
