/// Fast byte-level string helpers for the typed models (Foundation's versions go through NSString).
extension String {
    /// The string without leading and trailing ASCII whitespace.
    var trimmedASCII: String {
        var copy = self
        return copy.withUTF8 { bytes in
            var start = 0
            var end = bytes.count
            while start < end && isASCIISpace(bytes[start]) { start += 1 }
            while end > start && isASCIISpace(bytes[end - 1]) { end -= 1 }
            if start == 0 && end == bytes.count { return self }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }

    /// Splits at the first occurrence of `separator` into trimmed halves; nil when it is absent.
    func splitOnce(_ separator: StaticString) -> (before: String, after: String)? {
        var copy = self
        return copy.withUTF8 { bytes -> (String, String)? in
            let pattern = UnsafeBufferPointer(start: separator.utf8Start, count: separator.utf8CodeUnitCount)
            guard pattern.count > 0, bytes.count >= pattern.count else { return nil }
            for start in 0...(bytes.count - pattern.count) where bytes[start] == pattern[0] {
                var matches = true
                for offset in 1..<pattern.count where bytes[start + offset] != pattern[offset] {
                    matches = false
                    break
                }
                guard matches else { continue }
                let before = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<start]), as: UTF8.self)
                let after = String(
                    decoding: UnsafeBufferPointer(rebasing: bytes[(start + pattern.count)...]), as: UTF8.self)
                return (before.trimmedASCII, after.trimmedASCII)
            }
            return nil
        }
    }

    /// The last run of ASCII letters followed by ASCII digits (two or more letters, one or more
    /// digits) bounded by non-alphanumerics: `SRX2957699` in `https://.../sra?term=SRX2957699`.
    var lastAccession: String? {
        var copy = self
        return copy.withUTF8 { bytes -> String? in
            var end = bytes.count
            while end > 0 {
                // Find the last alphanumeric run ending at or before `end`.
                while end > 0 && !isASCIIAlphanumeric(bytes[end - 1]) { end -= 1 }
                var start = end
                while start > 0 && isASCIIAlphanumeric(bytes[start - 1]) { start -= 1 }
                if start < end {
                    var letters = start
                    while letters < end && isASCIILetter(bytes[letters]) { letters += 1 }
                    let digitsOnly = (letters..<end).allSatisfy { isASCIIDigit(bytes[$0]) }
                    if letters - start >= 2 && letters < end && digitsOnly {
                        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                    }
                }
                end = start
            }
            return nil
        }
    }

    /// N for a key ending in `_chN`, else nil.
    var channelNumber: Int? {
        guard let marker = utf8.lastIndex(of: UInt8(ascii: "_")) else { return nil }
        let tail = self[marker...].utf8.dropFirst()
        guard tail.starts(with: "ch".utf8) else { return nil }
        return Int(Substring(tail.dropFirst(2)))
    }
}

@inline(__always) private func isASCIISpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
}

@inline(__always) private func isASCIILetter(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
}

@inline(__always) private func isASCIIDigit(_ byte: UInt8) -> Bool {
    byte >= 0x30 && byte <= 0x39
}

@inline(__always) private func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
    isASCIILetter(byte) || isASCIIDigit(byte)
}
