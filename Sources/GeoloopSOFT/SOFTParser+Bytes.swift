#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Byte constants and byte-range helpers of the SOFT parser.
enum Byte {
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let tab: UInt8 = 0x09
    static let space: UInt8 = 0x20
    static let bang: UInt8 = 0x21  // !
    static let hash: UInt8 = 0x23  // #
    static let equals: UInt8 = 0x3D  // =
    static let caret: UInt8 = 0x5E  // ^
    static let underscore: UInt8 = 0x5F  // _
}

typealias ByteRange = (UnsafeRawPointer, UnsafeRawPointer)

extension SOFTParser {
    /// `start..<stop` without leading and trailing ASCII whitespace.
    func trim(_ start: UnsafeRawPointer, _ stop: UnsafeRawPointer) -> ByteRange {
        var start = start
        var stop = stop
        while start < stop && isSpace(start.load(as: UInt8.self)) { start += 1 }
        while stop > start && isSpace((stop - 1).load(as: UInt8.self)) { stop -= 1 }
        return (start, stop)
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == Byte.space || (byte >= Byte.tab && byte <= Byte.cr)
    }

    /// Splits at the first '=' into trimmed (name, value); without '=' the value is empty.
    func split(_ start: UnsafeRawPointer, _ stop: UnsafeRawPointer) -> (ByteRange, ByteRange) {
        guard let equals = memchr(start, Int32(Byte.equals), stop - start) else {
            return (trim(start, stop), (stop, stop))
        }
        let at = UnsafeRawPointer(equals)
        return (trim(start, at), trim(at + 1, stop))
    }

    /// The attribute key of a `!` name: everything after its first underscore, or the whole name.
    func attributeKey(_ start: UnsafeRawPointer, _ stop: UnsafeRawPointer) -> String {
        guard let underscore = memchr(start, Int32(Byte.underscore), stop - start) else {
            return text(start, stop)
        }
        return text(UnsafeRawPointer(underscore) + 1, stop)
    }

    /// Whether the name ends with `suffix` (ASCII, case-insensitive).
    func hasSuffix(_ name: ByteRange, _ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard name.1 - name.0 >= count else { return false }
        let tail = name.1 - count
        let pattern = suffix.utf8Start
        for offset in 0..<count {
            var byte = (tail + offset).load(as: UInt8.self)
            if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
            if byte != pattern[offset] { return false }
        }
        return true
    }

    /// The bytes as a String, invalid UTF-8 replaced by U+FFFD.
    func text(_ start: UnsafeRawPointer, _ stop: UnsafeRawPointer) -> String {
        // A typed UInt8 buffer takes the standard library's fast validating path.
        String(
            decoding: UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: stop - start),
            as: UTF8.self)
    }

    /// The tab-separated fields of a table line.
    func fields(_ start: UnsafeRawPointer, _ stop: UnsafeRawPointer) -> [String] {
        var result: [String] = []
        var fieldStart = start
        while let tab = memchr(fieldStart, Int32(Byte.tab), stop - fieldStart) {
            let at = UnsafeRawPointer(tab)
            result.append(text(fieldStart, at))
            fieldStart = at + 1
        }
        result.append(text(fieldStart, stop))
        return result
    }

    /// The start of a line for an error message, at most 60 characters.
    func quote(_ start: UnsafeRawPointer, _ stop: UnsafeRawPointer) -> String {
        let line = text(start, min(stop, start + 240))
        return line.count > 60 ? String(line.prefix(60)) + "..." : line
    }
}
