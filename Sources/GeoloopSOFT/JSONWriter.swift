/// A small, fast JSON writer that appends UTF-8 bytes to a buffer.
///
/// Commas are placed automatically: call `key` before each object member's value and write values
/// directly inside arrays. Strings are escaped per RFC 8259 (quote, backslash and every control
/// character); Swift strings are always valid UTF-8, so invalid input bytes were already replaced
/// by U+FFFD when the text was decoded. Unbalanced begin/end calls are a programmer error.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8]
    // One entry per open container: whether it already holds a value.
    private var hasValue: [Bool] = []
    private var afterKey = false

    public init(capacity: Int = 4096) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Removes the written bytes, keeping the capacity.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        hasValue.removeAll(keepingCapacity: true)
        afterKey = false
    }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        hasValue.append(false)
    }

    public mutating func endObject() {
        precondition(hasValue.popLast() != nil && !afterKey, "JSONWriter.endObject without a matching begin")
        bytes.append(UInt8(ascii: "}"))
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        hasValue.append(false)
    }

    public mutating func endArray() {
        precondition(hasValue.popLast() != nil && !afterKey, "JSONWriter.endArray without a matching begin")
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes an object member's name; the next value written is its value.
    public mutating func key(_ name: String) {
        separate()
        escape(name)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    public mutating func string(_ value: String) {
        separate()
        escape(value)
    }

    public mutating func int(_ value: Int) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: Self.nullBytes)
    }

    /// A string or `null`.
    public mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// An integer or `null`.
    public mutating func int(_ value: Int?) {
        if let value { int(value) } else { null() }
    }

    /// An array of strings.
    public mutating func strings(_ values: some Sequence<String>) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let nullBytes = Array("null".utf8)
    private static let hex = Array("0123456789abcdef".utf8)

    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard let last = hasValue.indices.last else { return }
        if hasValue[last] { bytes.append(UInt8(ascii: ",")) } else { hasValue[last] = true }
    }

    private mutating func escape(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                default:
                    bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
                    bytes.append(Self.hex[Int(byte >> 4)])
                    bytes.append(Self.hex[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
