/// The local file name for a URL: the last segment of its path, percent-decoded. Names that could
/// escape or clobber the output directory are refused with a reason.
///
/// Works on the URL's bytes (no Foundation: `parallel-get` starts faster without it, and a URL
/// list of thousands is checked in well under a millisecond). A URL is accepted when it is
/// `scheme://host[:port]/path[?query][#fragment]` made of printable ASCII without spaces, quotes,
/// angle brackets, braces, pipes, backslashes, carets or backticks (RFC 3986's character set).
enum OutputName {
    static func forURL(_ url: String) -> Result<String, Refusal> {
        let bytes = Array(url.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy(isURLByte) else {
            return .failure(Refusal(reason: "not a valid URL"))
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0,
            isSchemeStart(bytes[0]), bytes[1..<colon].allSatisfy(isSchemeByte)
        else {
            return .failure(Refusal(reason: "not a valid URL"))
        }
        let scheme = String(decoding: bytes[..<colon], as: UTF8.self)
        guard ["http", "https", "ftp"].contains(scheme.lowercased()) else {
            return .failure(Refusal(reason: "the scheme '\(scheme)' is not http, https or ftp"))
        }

        // The authority follows "//" and ends at the first '/', '?' or '#'.
        let afterScheme = colon + 1
        guard bytes[afterScheme...].starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) else {
            return .failure(Refusal(reason: "the URL names no host"))
        }
        let authorityStart = afterScheme + 2
        let authorityEnd =
            bytes[authorityStart...].firstIndex {
                $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#")
            } ?? bytes.endIndex
        var host = bytes[authorityStart..<authorityEnd]
        if let at = host.lastIndex(of: UInt8(ascii: "@")) { host = host[(at + 1)...] }
        if host.first != UInt8(ascii: "["), let portColon = host.lastIndex(of: UInt8(ascii: ":")) {
            host = host[..<portColon]
        }
        guard !host.isEmpty else {
            return .failure(Refusal(reason: "the URL names no host"))
        }

        let pathEnd = bytes[authorityEnd...].firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
        let path = bytes[authorityEnd..<(pathEnd ?? bytes.endIndex)]
        let segmentStart = path.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? path.startIndex
        let last = path[segmentStart...]
        guard let decoded = percentDecoded(last) else {
            return .failure(
                Refusal(
                    reason: "the file name '\(String(decoding: last, as: UTF8.self))' is not valid percent-encoding"))
        }
        let name = String(decoding: decoded, as: UTF8.self)
        if name.isEmpty {
            return .failure(Refusal(reason: "the URL path has no file name (it is empty or ends in '/')"))
        }
        if name == "." || name == ".." || decoded.contains(UInt8(ascii: "/")) || decoded.contains(0) {
            return .failure(Refusal(reason: "the file name '\(name)' would leave the output directory"))
        }
        return .success(name)
    }

    struct Refusal: Error {
        var reason: String
    }

    /// Decodes %XX escapes; nil for a malformed escape or bytes that are not UTF-8.
    private static func percentDecoded(_ bytes: ArraySlice<UInt8>) -> [UInt8]? {
        guard bytes.contains(UInt8(ascii: "%")) else { return Array(bytes) }
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

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
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
