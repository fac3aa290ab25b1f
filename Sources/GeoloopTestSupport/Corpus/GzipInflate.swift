import CZlib

/// Inflates a whole gzip file in memory with zlib: for tests that check what the corpus or a
/// loopback server holds. (geoloop's own streaming inflate lives in GeoloopSOFT.)
public enum GzipInflate {
    /// The uncompressed bytes of `gzip` (one gzip member), or an error naming what zlib said.
    public static func inflate(_ gzip: [UInt8]) throws -> [UInt8] {
        // zlib keeps a pointer back to the stream, so it lives at one fixed address.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw CorpusError(.compression, "zlib's inflateInit2 failed.")
        }
        defer { inflateEnd(stream) }

        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = gzip
        var status = Z_OK
        try input.withUnsafeMutableBufferPointer { source in
            stream.pointee.next_in = source.baseAddress
            stream.pointee.avail_in = UInt32(source.count)
            repeat {
                let produced = chunk.withUnsafeMutableBufferPointer { target -> Int in
                    stream.pointee.next_out = target.baseAddress
                    stream.pointee.avail_out = UInt32(target.count)
                    status = CZlib.inflate(stream, Z_NO_FLUSH)
                    return target.count - Int(stream.pointee.avail_out)
                }
                output.append(contentsOf: chunk[0..<produced])
                if status == Z_BUF_ERROR && stream.pointee.avail_in == 0 {
                    throw CorpusError(.compression, "The gzip data ends early (truncated after \(output.count) bytes).")
                }
                guard status == Z_OK || status == Z_STREAM_END else {
                    throw CorpusError(.compression, "zlib could not inflate the data (status \(status)).")
                }
            } while status != Z_STREAM_END
        }
        return output
    }
}
