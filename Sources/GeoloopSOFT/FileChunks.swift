#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file in fixed-size chunks with POSIX calls, so memory stays bounded whatever its size.
/// The path `-` means standard input.
enum FileChunks {
    static let defaultChunkSize = 1 << 20

    static func forEachChunk(
        path: String, chunkSize: Int = defaultChunkSize, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError("cannot open the file", path: path) }
        defer { if fd != STDIN_FILENO { close(fd) } }

        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw ioError("cannot read the file", path: path)
            }
            if count == 0 { return }
            try body(UnsafeRawBufferPointer(start: buffer.baseAddress, count: count))
        }
    }

    private static func ioError(_ what: String, path: String) -> SOFTError {
        let reason = String(cString: strerror(errno))
        return SOFTError(.io, "\(what) (\(reason)); check the path and its permissions", source: path)
    }
}
