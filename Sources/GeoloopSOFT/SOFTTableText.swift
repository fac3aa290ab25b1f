/// The kept rows of a table, stored compactly: every row's bytes (fields separated by tabs, line
/// ending removed) in one buffer, with the offset where each row ends.
///
/// About the size of the table's text, against several times that for an array of arrays of
/// strings. Fields are decoded (invalid UTF-8 replaced by U+FFFD) when they are read.
public struct SOFTTableText: Sendable, Hashable {
    public private(set) var bytes: [UInt8] = []
    private var ends: [Int] = []

    public init() {}

    /// Builds the storage from rows of fields (a field must not contain a tab or a newline).
    public init(rows: [[String]]) {
        for row in rows { append(Array(row.joined(separator: "\t").utf8)) }
    }

    public var count: Int { ends.count }

    mutating func append(_ row: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: row)
        ends.append(bytes.count)
    }

    mutating func append(_ row: [UInt8]) {
        row.withUnsafeBytes { append($0) }
    }

    /// Calls `body` with row `index`'s bytes.
    public func withRowBytes<T>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        let start = index == 0 ? 0 : ends[index - 1]
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<ends[index]])) }
    }

    /// Row `index`'s tab-separated fields.
    public func fields(ofRow index: Int) -> [String] {
        withRowBytes(index) { row in
            row.split(separator: 0x09, omittingEmptySubsequences: false).map {
                String(decoding: UnsafeBufferPointer(rebasing: $0), as: UTF8.self)
            }
        }
    }

    /// Every row's fields, in order.
    public var rows: [[String]] { (0..<count).map(fields(ofRow:)) }
}
