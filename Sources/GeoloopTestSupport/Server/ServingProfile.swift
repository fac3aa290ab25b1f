/// How far away the server seems: applied to every response, on top of what a script asks for.
public struct ServingProfile: Sendable, Equatable {
    /// Added to every response's delay before its first byte.
    public var delayBeforeFirstByte: Duration
    /// Per-connection body rate; the slower of this and a script's rate wins.
    public var bytesPerSecond: Int?

    public init(delayBeforeFirstByte: Duration = .zero, bytesPerSecond: Int? = nil) {
        self.delayBeforeFirstByte = delayBeforeFirstByte
        self.bytesPerSecond = bytesPerSecond
    }

    /// No added latency, no throttle.
    public static let lan = ServingProfile()

    /// A server across an ocean: 800 ms before the first byte, 1 MB/s per connection.
    public static let distant = ServingProfile(delayBeforeFirstByte: .milliseconds(800), bytesPerSecond: 1_000_000)
}
