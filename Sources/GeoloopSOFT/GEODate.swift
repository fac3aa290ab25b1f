import Foundation

/// A calendar day as GEO writes it (`Jun 21 2017`), without a time or time zone.
public struct GEODate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Parses `Mon D YYYY` (GEO's format, month in English); nil for anything else.
    public init?(geo text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3,
            let month = Self.months.firstIndex(of: parts[0].prefix(3).lowercased()),
            let day = Int(parts[1]), (1...31).contains(day),
            let year = Int(parts[2]), (1000...9999).contains(year)
        else { return nil }
        self.init(year: year, month: month + 1, day: day)
    }

    /// `YYYY-MM-DD`.
    public var iso8601: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public var description: String { iso8601 }

    /// Midnight UTC of this day.
    public var date: Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: year, month: month, day: day))
    }

    public static func < (lhs: GEODate, rhs: GEODate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
