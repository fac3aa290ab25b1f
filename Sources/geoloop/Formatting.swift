import Foundation

/// How the CLI writes sizes, ages, rates and durations for people.
enum Formatting {
    /// `512 B`, `12.3 KB`, `4.0 MB`, `1.2 GB` (powers of 1000, one decimal above bytes).
    static func bytes(_ count: Int64) -> String {
        let units = ["KB", "MB", "GB", "TB"]
        guard count >= 1000 else { return "\(count) B" }
        var value = Double(count) / 1000
        var unit = 0
        while value >= 999.95, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return String(format: "%.1f %@", value, units[unit])
    }

    /// A rate in bytes per second: `1.3 MB/s`.
    static func rate(bytes count: Int64, seconds: Double) -> String {
        guard seconds > 0 else { return "0 B/s" }
        return bytes(Int64(Double(count) / seconds)) + "/s"
    }

    /// A clock time: `0:07`, `12:30`, `1:02:03`.
    static func clock(_ seconds: Double) -> String {
        let whole = max(0, Int(seconds.rounded(.down)))
        let (hours, minutes, secs) = (whole / 3600, whole / 60 % 60, whole % 60)
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(secs))" : "\(minutes):\(two(secs))"
    }

    /// An age in the largest whole unit: `40s`, `12m`, `5h`, `3d`.
    static func age(_ seconds: Double) -> String {
        let whole = max(0, Int(seconds.rounded(.down)))
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m" }
        if whole < 86_400 { return "\(whole / 3600)h" }
        return "\(whole / 86_400)d"
    }

    /// Seconds with one decimal: `3.4 s`.
    static func seconds(_ seconds: Double) -> String {
        String(format: "%.1f s", seconds)
    }

    /// Parses `30d`, `12h`, `45m`, `90s` or `2w` into seconds; nil when the text is not one.
    static func parseDuration(_ text: String) -> TimeInterval? {
        guard let unit = text.last, let number = Int(text.dropLast()), number >= 0 else { return nil }
        let scale: Double? =
            switch unit {
            case "s": 1
            case "m": 60
            case "h": 3600
            case "d": 86_400
            case "w": 604_800
            default: nil
            }
        return scale.map { Double(number) * $0 }
    }
}
