/// An entity's `!key = value` lines as an ordered multimap.
///
/// Keys keep the order in which they were first seen; each key's values keep file order. A key is
/// the attribute name with everything up to and including its first underscore removed
/// (`!Sample_characteristics_ch1` is `characteristics_ch1`), like GEOparse's `metadata`.
public struct SOFTAttributes: Sendable, Hashable, Sequence {
    /// Keys in first-seen order.
    public private(set) var keys: [String] = []
    private var valuesByKey: [[String]] = []
    private var index: [String: Int] = [:]

    public init() {}

    /// Builds a multimap from pairs, in order.
    public init(_ pairs: [(String, String)]) {
        for (key, value) in pairs { append(value, for: key) }
    }

    public mutating func append(_ value: String, for key: String) {
        // Repeated keys usually come in runs (characteristics, sample ids): check the last key first.
        if let last = keys.indices.last, keys[last] == key {
            valuesByKey[last].append(value)
        } else if let slot = index[key] {
            valuesByKey[slot].append(value)
        } else {
            if index.isEmpty { index.reserveCapacity(48) }
            index[key] = keys.count
            keys.append(key)
            valuesByKey.append([value])
        }
    }

    /// Every value of `key` in file order (empty if the key is absent).
    public subscript(key: String) -> [String] {
        guard let slot = index[key] else { return [] }
        return valuesByKey[slot]
    }

    /// The first value of `key`, if any.
    public func first(_ key: String) -> String? {
        guard let slot = index[key] else { return nil }
        return valuesByKey[slot].first
    }

    /// The first non-empty value of `key`, if any.
    public func nonEmpty(_ key: String) -> String? {
        self[key].first { !$0.isEmpty }
    }

    public func contains(_ key: String) -> Bool { index[key] != nil }

    /// Number of distinct keys.
    public var count: Int { keys.count }

    public var isEmpty: Bool { keys.isEmpty }

    /// (key, values) in first-seen key order.
    public func makeIterator() -> some IteratorProtocol<(key: String, values: [String])> {
        zip(keys, valuesByKey).lazy.map { (key: $0.0, values: $0.1) }.makeIterator()
    }

    public static func == (lhs: SOFTAttributes, rhs: SOFTAttributes) -> Bool {
        lhs.keys == rhs.keys && lhs.valuesByKey == rhs.valuesByKey
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(keys)
        hasher.combine(valuesByKey)
    }
}
