/// Hides API keys in URLs and messages before they reach a log, an error or the cache's sidecar.
public enum Redaction {
    /// Replaces the value of every `api_key=` (any case) with `***`, up to the next `&`, `#`,
    /// quote, whitespace or the end of the text.
    public static func redactingAPIKey(in text: String) -> String {
        let marker = Array("api_key=".utf8)
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if matches(marker, in: bytes, at: index) {
                out.append(contentsOf: bytes[index..<index + marker.count])
                index += marker.count
                let start = index
                while index < bytes.count, !isTerminator(bytes[index]) { index += 1 }
                if index > start { out.append(contentsOf: Array("***".utf8)) }
                continue
            }
            out.append(bytes[index])
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func matches(_ marker: [UInt8], in bytes: [UInt8], at index: Int) -> Bool {
        guard index + marker.count <= bytes.count else { return false }
        for offset in 0..<marker.count {
            var byte = bytes[index + offset]
            if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte += 32 }
            if byte != marker[offset] { return false }
        }
        return true
    }

    private static func isTerminator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "#"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: " "),
            UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ">"), UInt8(ascii: ")"):
            true
        default:
            false
        }
    }
}
