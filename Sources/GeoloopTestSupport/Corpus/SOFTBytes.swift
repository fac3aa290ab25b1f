/// A growable byte buffer with the few appends SOFT generation needs, written for speed: numbers
/// are formatted straight into bytes, never through `String`.
struct SOFTBytes {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    @inline(__always)
    mutating func append(bytes other: ArraySlice<UInt8>) {
        bytes.append(contentsOf: other)
    }

    /// `!<key> = <value>` and a line feed.
    mutating func attribute(_ key: String, _ value: String) {
        append("!")
        append(key)
        append(" = ")
        append(value)
        append(0x0A)
    }

    mutating func line(_ text: String) {
        append(text)
        append(0x0A)
    }

    /// A non-negative or negative integer in decimal.
    @inline(__always)
    mutating func appendInt(_ value: Int) {
        var v = value
        if v < 0 {
            bytes.append(0x2D)
            v = -v
        }
        if v < 10 {
            bytes.append(0x30 &+ UInt8(truncatingIfNeeded: v))
            return
        }
        var digits: (UInt64, UInt64) = (0, 0)  // up to 16 digits, packed little-end first
        var n = 0
        while v > 0 {
            let d = UInt64(v % 10)
            if n < 16 {
                digits.0 |= d << (UInt64(n) * 4)
            } else {
                digits.1 |= d << (UInt64(n - 16) * 4)
            }
            v /= 10
            n += 1
        }
        while n > 0 {
            n -= 1
            let d = n < 16 ? (digits.0 >> (UInt64(n) * 4)) & 0xF : (digits.1 >> (UInt64(n - 16) * 4)) & 0xF
            bytes.append(0x30 &+ UInt8(truncatingIfNeeded: d))
        }
    }

    /// `scaled / 10^decimals` with exactly `decimals` digits after the point (`-0.0123`).
    @inline(__always)
    mutating func appendFixed(_ scaled: Int, decimals: Int) {
        var v = scaled
        if v < 0 {
            bytes.append(0x2D)
            v = -v
        }
        var divisor = 1
        for _ in 0..<decimals { divisor &*= 10 }
        appendInt(v / divisor)
        guard decimals > 0 else { return }
        bytes.append(0x2E)
        var fraction = v % divisor
        var place = divisor / 10
        while place > 0 {
            bytes.append(0x30 &+ UInt8(truncatingIfNeeded: fraction / place))
            fraction %= place
            place /= 10
        }
    }
}
