/// The counters a progress line shows, read from a running harvest.
struct HarvestSnapshot: Equatable, Sendable {
    /// Series finished (successfully or not).
    var done = 0
    /// Series asked for.
    var total = 0
    /// Series that failed.
    var failed = 0
    /// Attempts repeated after a retryable failure.
    var retries = 0
    /// Transfers running now.
    var inFlight = 0
    /// Bytes received so far.
    var bytes: Int64 = 0
    /// Seconds since the harvest started.
    var elapsed: Double = 0
}

/// Renders a snapshot as the one-line progress display.
enum ProgressLine {
    /// `120/300 series  2 failed  5 retries  16 in flight  4.2 MB  1.3 MB/s  0:12  ETA 0:18`,
    /// cut to `width` columns when given (a wrapped line could not be redrawn in place).
    static func render(_ snapshot: HarvestSnapshot, width: Int? = nil) -> String {
        var parts = ["\(snapshot.done)/\(snapshot.total) series"]
        parts.append("\(snapshot.failed) failed")
        parts.append("\(snapshot.retries) \(snapshot.retries == 1 ? "retry" : "retries")")
        parts.append("\(snapshot.inFlight) in flight")
        parts.append(Formatting.bytes(snapshot.bytes))
        parts.append(Formatting.rate(bytes: snapshot.bytes, seconds: snapshot.elapsed))
        parts.append(Formatting.clock(snapshot.elapsed))
        parts.append("ETA " + eta(snapshot))
        let line = parts.joined(separator: "  ")
        guard let width, width > 0, line.count > width else { return line }
        return String(line.prefix(width))
    }

    /// The remaining time at the rate so far; `-:--` until one series is done.
    static func eta(_ snapshot: HarvestSnapshot) -> String {
        guard snapshot.done > 0, snapshot.total >= snapshot.done, snapshot.elapsed > 0 else { return "-:--" }
        let perSeries = snapshot.elapsed / Double(snapshot.done)
        return Formatting.clock(perSeries * Double(snapshot.total - snapshot.done))
    }
}
