/// The local file name for a URL: the last segment of its path, percent-decoded. Names that could
/// escape or clobber the output directory are refused with a reason.
///
/// Works on the URL's bytes (no Foundation: `parallel-get` starts faster without it, and a list of
/// thousands of URLs is checked in about a millisecond). A URL is accepted when it is
/// `scheme://host[:port]/path[?query][#fragment]` made of printable ASCII without spaces, quotes,
/// angle brackets, braces, pipes, backslashes, carets or backticks (RFC 3986's character set).
enum OutputName {
    static func forURL(_ url: String) -> Result<String, Refusal> {
        var url = url
        return url.withUTF8 { forURL(bytes: $0) }
    }

    struct Refusal: Error {
        var reason: String
    }

    private static func forURL(bytes: UnsafeBufferPointer<UInt8>) -> Result<String, Refusal> {
        guard !bytes.isEmpty, bytes.allSatisfy(isURLByte) else {
            return .failure(Refusal(reason: "not a valid URL"))
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0, isSchemeStart(bytes[0]),
            bytes[1..<colon].allSatisfy(isSchemeByte)
        else {
            return .failure(Refusal(reason: "not a valid URL"))
        }
        let scheme = bytes[..<colon]
        guard matches(scheme, "http") || matches(scheme, "https") || matches(scheme, "ftp") else {
            let name = String(decoding: scheme, as: UTF8.self)
            return .failure(Refusal(reason: "the scheme '\(name)' is not http, https or ftp"))
        }

        // The authority follows "//" and ends at the first '/', '?' or '#'.
        let authorityStart = colon + 3
        guard authorityStart <= bytes.count, bytes[colon + 1] == UInt8(ascii: "/"),
            bytes[colon + 2] == UInt8(ascii: "/")
        else {
            return .failure(Refusal(reason: "the URL names no host"))
        }
        var authorityEnd = authorityStart
        while authorityEnd < bytes.count, !isAuthorityEnd(bytes[authorityEnd]) { authorityEnd += 1 }
        var host = bytes[authorityStart..<authorityEnd]
        if let at = host.lastIndex(of: UInt8(ascii: "@")) { host = host[(at + 1)...] }
        if host.first != UInt8(ascii: "["), let portColon = host.lastIndex(of: UInt8(ascii: ":")) {
            host = host[..<portColon]
        }
        guard !host.isEmpty else {
            return .failure(Refusal(reason: "the URL names no host"))
        }

        var pathEnd = authorityEnd
        while pathEnd < bytes.count, bytes[pathEnd] != UInt8(ascii: "?"), bytes[pathEnd] != UInt8(ascii: "#") {
            pathEnd += 1
        }
        var segmentStart = pathEnd
        while segmentStart > authorityEnd, bytes[segmentStart - 1] != UInt8(ascii: "/") { segmentStart -= 1 }
        let last = bytes[segmentStart..<pathEnd]

        let name: String
        if last.contains(UInt8(ascii: "%")) {
            guard let decoded = percentDecoded(last) else {
                let text = String(decoding: last, as: UTF8.self)
                return .failure(Refusal(reason: "the file name '\(text)' is not valid percent-encoding"))
            }
            if decoded.contains(UInt8(ascii: "/")) || decoded.contains(0) {
                let text = String(decoding: decoded, as: UTF8.self)
                return .failure(Refusal(reason: "the file name '\(text)' would leave the output directory"))
            }
            name = String(decoding: decoded, as: UTF8.self)
        } else {
            name = String(decoding: last, as: UTF8.self)
        }
        if name.isEmpty {
            return .failure(Refusal(reason: "the URL path has no file name (it is empty or ends in '/')"))
        }
        if name == "." || name == ".." {
            return .failure(Refusal(reason: "the file name '\(name)' would leave the output directory"))
        }
        return .success(name)
    }

    /// Decodes %XX escapes; nil for a malformed escape or bytes that are not UTF-8.
    private static func percentDecoded(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> [UInt8]? {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte != UInt8(ascii: "%") {
                decoded.append(byte)
                index += 1
                continue
            }
            guard index + 2 < bytes.endIndex, let high = hexValue(bytes[index + 1]),
                let low = hexValue(bytes[index + 2])
            else { return nil }
            decoded.append(high << 4 | low)
            index += 3
        }
        guard String(validating: decoded, as: UTF8.self) != nil else { return nil }
        return decoded
    }

    /// Whether `bytes` spell `lowercased` ignoring ASCII case.
    private static func matches(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ lowercased: StaticString) -> Bool {
        guard bytes.count == lowercased.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: lowercased.utf8Start, count: lowercased.utf8CodeUnitCount)
        return zip(bytes, expected).allSatisfy { byte, want in byte | 0x20 == want }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func isAuthorityEnd(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#")
    }

    private static func isURLByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0...0x20, 0x7F...: return false
        case UInt8(ascii: "\""), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\\"), UInt8(ascii: "^"),
            UInt8(ascii: "`"), UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"):
            return false
        default: return true
        }
    }

    private static func isSchemeStart(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        isSchemeStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }
}
