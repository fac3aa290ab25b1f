import Foundation

/// A single `bytes=` range from a Range header, resolved against a body length.
enum ByteRange: Equatable {
    /// Ignore the header and send everything (malformed, multiple ranges, other units).
    case none
    /// Inclusive first and last byte.
    case satisfiable(first: Int, last: Int)
    case unsatisfiable

    static func parse(_ header: String, length: Int) -> ByteRange {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("bytes=") else { return .none }
        let spec = trimmed.dropFirst("bytes=".count)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .none }
        let start = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let end = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        if start.isEmpty {
            guard let suffix = Int(end), suffix >= 0 else { return .none }
            guard suffix > 0, length > 0 else { return .unsatisfiable }
            return .satisfiable(first: max(length - suffix, 0), last: length - 1)
        }
        guard let first = Int(start), first >= 0 else { return .none }
        var last = length - 1
        if !end.isEmpty {
            guard let given = Int(end), given >= first else { return .none }
            last = min(given, length - 1)
        }
        guard first < length else { return .unsatisfiable }
        return .satisfiable(first: first, last: last)
    }
}
