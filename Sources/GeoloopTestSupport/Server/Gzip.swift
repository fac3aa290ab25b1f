import CZlib

/// One-shot gzip compression with zlib.
enum Gzip {
    /// The gzip member (header, deflate stream, trailer) for `input`, or nil if zlib refuses.
    static func compress(_ input: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        let windowBitsWithGzipWrapper: Int32 = 15 + 16
        let initialised = deflateInit2_(
            &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBitsWithGzipWrapper, 8, Z_DEFAULT_STRATEGY,
            zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard initialised == Z_OK else { return nil }
        defer { deflateEnd(&stream) }

        let bound = Int(deflateBound(&stream, uLong(input.count))) + 32
        var output = [UInt8](repeating: 0, count: bound)
        var input = input
        let status = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    /// The bytes inside a gzip member, or nil if it is not complete, valid gzip (for tests).
    static func decompress(_ input: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        let windowBitsWithGzipWrapper: Int32 = 15 + 16
        guard
            inflateInit2_(&stream, windowBitsWithGzipWrapper, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { return nil }
        defer { inflateEnd(&stream) }

        var input = input
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let finished = input.withUnsafeMutableBufferPointer { inBuffer -> Bool in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = uInt(outBuffer.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    return (status, outBuffer.count - Int(stream.avail_out))
                }
                output.append(contentsOf: chunk[0..<produced])
                if status == Z_STREAM_END { return true }
                guard status == Z_OK, produced > 0 || stream.avail_in > 0 else { return false }
            }
        }
        return finished ? output : nil
    }
}
