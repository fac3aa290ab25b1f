import CZlib
import Glibc

/// What checking a body found: its size and CRC-32 as stored, and for gzip the inflated size.
struct BodyFacts: Sendable, Hashable {
    var size: Int64
    var crc32: UInt32
    var uncompressedSize: Int64?
}

/// Checks a body before the cache keeps it: never empty, never HTML, gzip inflated to the end
/// with zlib checking every member's CRC and length, SOFT starting with `^`.
enum BodyVerifier {
    static let chunkSize = 256 * 1024
    static let headSize = 4096

    /// Reads the file once, computing its CRC-32 and, for gzip formats, inflating it fully; the
    /// inflated text goes to `inflated` as it is produced (so a caller can parse in the same pass).
    static func verify(
        fileAt path: String, format: CacheFormat, name: String,
        inflated: ((UnsafeRawBufferPointer) -> Void)? = nil
    ) throws(CacheError) -> BodyFacts {
        let fd = try POSIXFile.open(path, flags: O_RDONLY)
        defer { close(fd) }
        let input = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { input.deallocate() }

        var rawHead: [UInt8] = []
        var facts = BodyFacts(size: 0, crc32: 0, uncompressedSize: nil)
        var inflater: GzipChecker? = nil
        defer { inflater?.end() }
        while true {
            let count = try POSIXFile.read(fd, into: input, path: path)
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: input[0..<count])
            if rawHead.count < headSize { rawHead += chunk.prefix(headSize - rawHead.count) }
            if facts.size == 0 {
                do {
                    try checkHead(rawHead, format: format, name: name, isRaw: true)
                } catch {
                    // acc.cgi's "no such accession" page can sit well past the head: read the chunk.
                    throw GEONotice.refine(error, body: chunk, name: name)
                }
                if format.isGzip { inflater = try GzipChecker(name: name) }
            }
            facts.size += Int64(count)
            facts.crc32 = UInt32(
                CZlib.crc32(uLong(facts.crc32), chunk.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(count)))
            try inflater?.feed(chunk, output: inflated)
        }

        guard facts.size > 0 else {
            throw CacheError(kind: .empty, message: "\(name): the body is empty; fetch it again")
        }
        if var checker = inflater {
            try checker.finish()
            facts.uncompressedSize = checker.produced
            try checkContent(checker.head, format: format, name: name)
        } else {
            try checkContent(rawHead, format: format, name: name)
        }
        return facts
    }

    /// Checks the first bytes of the content against the format, reading GEO's notice (no such
    /// record, withdrawn) out of a refused head.
    static func checkContent(_ head: [UInt8], format: CacheFormat, name: String) throws(CacheError) {
        do {
            try checkHead(head, format: format, name: name, isRaw: false)
        } catch {
            throw head.withUnsafeBytes { GEONotice.refine(error, body: $0, name: name) }
        }
    }

    /// Checks the first bytes: HTML is refused everywhere; gzip must carry its magic number;
    /// inflated or plain content is checked against the format once `isRaw` is false.
    static func checkHead(_ head: [UInt8], format: CacheFormat, name: String, isRaw: Bool) throws(CacheError) {
        let text = stripLeadingSpace(head)
        if text.first == UInt8(ascii: "<") {
            throw CacheError(
                kind: .html,
                message:
                    "\(name): the server sent an HTML page (starting \(preview(text))) instead of the data; "
                    + "it may be an error or CAPTCHA page: retry later")
        }
        if isRaw {
            if format.isGzip, !(head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B) {
                throw CacheError(
                    kind: .corrupt,
                    message: "\(name): the body is not gzip (it starts \(preview(text))); fetch it again")
            }
            return
        }
        switch format {
        case .gzipSOFT, .soft:
            guard text.first == UInt8(ascii: "^") else {
                let what = text.isEmpty ? "is blank" : "starts \(preview(text))"
                throw CacheError(
                    kind: .unexpectedContent,
                    message: "\(name): the content \(what), but a SOFT file starts with a '^' line; "
                        + "the record may not exist or the server sent something else")
            }
        case .json:
            guard text.first == UInt8(ascii: "{") || text.first == UInt8(ascii: "[") else {
                throw CacheError(
                    kind: .unexpectedContent, message: "\(name): the body starts \(preview(text)), not a JSON document")
            }
        case .gzip, .text:
            guard !text.isEmpty else {
                throw CacheError(kind: .unexpectedContent, message: "\(name): the content is blank")
            }
        }
    }

    /// Drops a UTF-8 byte-order mark and leading whitespace (blank lines included).
    static func stripLeadingSpace(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        var slice = bytes[...]
        if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
        while let first = slice.first, first == 0x20 || first == 0x09 || first == 0x0A || first == 0x0D {
            slice = slice.dropFirst()
        }
        return slice
    }

    static func preview(_ bytes: ArraySlice<UInt8>) -> String {
        AccessionError.quote(String(decoding: bytes.prefix(60), as: UTF8.self))
    }
}

/// Inflates a gzip body to nowhere, member after member, so zlib checks every CRC and length.
struct GzipChecker {
    private var stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutablePointer<Bytef>
    private let outputSize = 256 * 1024
    private let name: String
    private var members = 0
    private var inMember = true
    private var consumed: Int64 = 0
    private(set) var produced: Int64 = 0
    private(set) var head: [UInt8] = []

    init(name: String) throws(CacheError) {
        self.name = name
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(capacity: outputSize)
        // 16 + MAX_WBITS: gzip wrapper only, largest window.
        let status = inflateInit2_(stream, 16 + 15, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            output.deallocate()
            throw CacheError(kind: .io, message: "\(name): zlib inflateInit2 failed with status \(status)")
        }
    }

    func end() {
        inflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }

    mutating func feed(
        _ chunk: UnsafeRawBufferPointer, output sink: ((UnsafeRawBufferPointer) -> Void)? = nil
    ) throws(CacheError) {
        guard !chunk.isEmpty else { return }
        stream.pointee.next_in = UnsafeMutablePointer(
            mutating: chunk.baseAddress!.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(chunk.count)
        while stream.pointee.avail_in > 0 {
            if !inMember {
                // More bytes after a member's end: they must be another gzip member.
                inflateReset(stream)
                inMember = true
            }
            stream.pointee.next_out = output
            stream.pointee.avail_out = uInt(outputSize)
            let before = stream.pointee.avail_in
            let status = inflate(stream, Z_NO_FLUSH)
            consumed += Int64(before - stream.pointee.avail_in)
            let count = outputSize - Int(stream.pointee.avail_out)
            produced += Int64(count)
            if head.count < BodyVerifier.headSize, count > 0 {
                head += UnsafeBufferPointer(start: output, count: min(count, BodyVerifier.headSize - head.count))
            }
            if let sink, count > 0 { sink(UnsafeRawBufferPointer(start: output, count: count)) }
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                members += 1
                inMember = false
            default:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                let place = members == 0 ? "" : " (after \(members) complete gzip member(s))"
                throw CacheError(
                    kind: .corrupt,
                    message: "\(name): the gzip data is corrupt at compressed byte \(consumed)\(place): \(reason); "
                        + "fetch it again")
            }
        }
    }

    mutating func finish() throws(CacheError) {
        guard !inMember else {
            throw CacheError(
                kind: .truncated,
                message: "\(name): the gzip data ends after \(consumed) compressed bytes, before its end marker: "
                    + "the download was cut short; fetch it again")
        }
    }
}
