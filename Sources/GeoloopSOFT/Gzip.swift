import CZlib

/// Whole-buffer and whole-file conveniences over `GzipInflater`, plus gzip compression.
public enum Gzip {
    /// Whether `bytes` starts with the gzip magic number `1f 8b`.
    public static func isGzip(_ bytes: some Collection<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        return iterator.next() == 0x1f && iterator.next() == 0x8b
    }

    /// Inflates a whole gzip buffer (or returns plain text unchanged).
    public static func inflate(_ bytes: [UInt8], outputLimit: Int = GzipInflater.defaultOutputLimit) throws
        -> [UInt8]
    {
        let inflater = GzipInflater(outputLimit: outputLimit)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count * 4)
        try bytes.withUnsafeBytes { raw in
            try inflater.feed(raw) { result.append(contentsOf: $0) }
        }
        try inflater.finish { result.append(contentsOf: $0) }
        return result
    }

    /// Reads and inflates a whole file (gzip or plain).
    public static func inflateFile(
        atPath path: String, outputLimit: Int = GzipInflater.defaultOutputLimit
    ) throws -> [UInt8] {
        let inflater = GzipInflater(outputLimit: outputLimit)
        var result: [UInt8] = []
        do {
            try FileChunks.forEachChunk(path: path) { chunk in
                try inflater.feed(chunk) { result.append(contentsOf: $0) }
            }
            try inflater.finish { result.append(contentsOf: $0) }
        } catch let error as SOFTError {
            throw error.attributed(to: path)
        }
        return result
    }

    /// Compresses `bytes` into one gzip member at `level` (0-9).
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        var stream = z_stream()
        // 15 + 16: a 32 KB window with the gzip wrapper; memory level 8 is zlib's default.
        var rc = deflateInit2_(
            &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw SOFTError(.zlib, "zlib deflateInit2 failed with code \(rc)") }
        defer { deflateEnd(&stream) }

        let bound = Int(deflateBound(&stream, uLong(bytes.count)))
        var output = [UInt8](repeating: 0, count: bound + 64)
        let written: Int = bytes.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { out in
                stream.next_in = UnsafeMutablePointer(
                    mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
                stream.avail_in = uInt(input.count)
                stream.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(out.count)
                rc = deflate(&stream, Z_FINISH)
                return out.count - Int(stream.avail_out)
            }
        }
        guard rc == Z_STREAM_END else { throw SOFTError(.zlib, "zlib deflate failed with code \(rc)") }
        output.removeSubrange(written...)
        return output
    }
}
