/// Picks the headers geoloop acts on out of raw header lines, without building a string for the
/// lines it ignores. A status line ("HTTP/...") starts a new response, so after redirects (and
/// `100 Continue`) only the last response's headers remain.
enum ResponseHeaderParser {
    static func consume(_ line: UnsafeBufferPointer<UInt8>, into headers: inout ResponseHeaders) {
        if line.count >= 5, matches(line[0..<5], "http/") {
            headers = ResponseHeaders()
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = line[0..<colon]

        switch name.count {
        case 4 where matches(name, "etag"):
            headers.etag = value(line, after: colon)
        case 11 where matches(name, "retry-after"):
            headers.retryAfter = value(line, after: colon)
        case 12 where matches(name, "content-type"):
            headers.contentType = value(line, after: colon)
        case 13 where matches(name, "content-range"):
            headers.contentRange = value(line, after: colon)
        case 13 where matches(name, "last-modified"):
            headers.lastModified = value(line, after: colon)
        case 14 where matches(name, "content-length"):
            headers.contentLength = Int64(value(line, after: colon))
        case 16 where matches(name, "content-encoding"):
            headers.contentEncoding = value(line, after: colon)
        default:
            break
        }
    }

    /// Whether `bytes` spell `lowercased` ignoring ASCII case.
    private static func matches(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ lowercased: StaticString) -> Bool {
        guard bytes.count == lowercased.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: lowercased.utf8Start, count: lowercased.utf8CodeUnitCount)
        for (byte, want) in zip(bytes, expected) {
            let folded = (byte >= 65 && byte <= 90) ? byte | 0x20 : byte
            if folded != want { return false }
        }
        return true
    }

    /// The header value after the colon, without surrounding spaces, tabs or the line ending.
    private static func value(_ line: UnsafeBufferPointer<UInt8>, after colon: Int) -> String {
        var start = colon + 1
        var end = line.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 13 || byte == 10 }
        while start < end, isSpace(line[start]) { start += 1 }
        while end > start, isSpace(line[end - 1]) { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
    }
}
