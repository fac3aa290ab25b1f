import Foundation

/// A `Content-Range: bytes FIRST-LAST/TOTAL` header of a 206 answer.
struct ContentRange: Hashable, Sendable {
    let first: Int64
    let last: Int64
    let total: Int64

    /// Nil unless the header has that exact form with a known total and `first <= last < total`.
    init?(_ header: String?) {
        guard let header else { return nil }
        let text = header.trimmingCharacters(in: .whitespaces)
        guard text.lowercased().hasPrefix("bytes ") else { return nil }
        let spec = text.dropFirst("bytes ".count)
        let parts = spec.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let total = Int64(parts[1]) else { return nil }
        let bounds = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2, let first = Int64(bounds[0]), let last = Int64(bounds[1]),
            first >= 0, first <= last, last < total
        else { return nil }
        self.first = first
        self.last = last
        self.total = total
    }
}
