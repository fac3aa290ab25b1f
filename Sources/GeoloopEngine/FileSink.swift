#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Streams a body to disk: bytes go to `<path>.partial`, renamed to `path` on success and removed
/// on failure, so a failed transfer never leaves a half-written file under the final name. With a
/// region offset the bytes go straight into the existing file `path` from that offset on, and
/// nothing is renamed or removed (the caller owns that file). Loop thread only.
final class FileSink {
    let path: String
    let partialPath: String
    /// Where the next byte goes in a region sink; nil for a whole-file sink.
    private var regionOffset: Int64?
    private var descriptor: Int32 = -1
    /// `errno` of the first failed write, if any.
    private(set) var writeErrno: Int32 = 0

    init(path: String, regionOffset: Int64? = nil) {
        self.path = path
        self.regionOffset = regionOffset
        self.partialPath = regionOffset == nil ? path + ".partial" : path
    }

    /// Creates (or truncates) the partial file, or opens the region's existing file.
    func open() throws(TransferError) {
        let flags = regionOffset == nil ? O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC : O_WRONLY | O_CLOEXEC
        descriptor = openFile(partialPath, flags)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            let verb = regionOffset == nil ? "create" : "open"
            throw TransferError(
                kind: .io,
                message: "cannot \(verb) \(partialPath) for the body: \(reason). Check the directory exists "
                    + "and is writable.", url: "")
        }
    }

    /// Writes all of `bytes`; false (with `writeErrno` set) when the disk refuses.
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let pending = bytes.count - offset
            let written =
                if let position = regionOffset {
                    pwrite(descriptor, bytes.baseAddress! + offset, pending, off_t(position))
                } else {
                    writeFile(descriptor, bytes.baseAddress! + offset, pending)
                }
            if written < 0 {
                if errno == EINTR { continue }
                writeErrno = errno
                return false
            }
            offset += written
            if let position = regionOffset { regionOffset = position + Int64(written) }
        }
        return true
    }

    /// Closes the file and renames it into place (a region sink only closes); the error says why not.
    func commit() -> String? {
        let isRegion = regionOffset != nil
        let closed = close()
        guard closed == 0 else { return "closing \(partialPath) failed: \(String(cString: strerror(closed)))" }
        if isRegion { return nil }
        guard rename(partialPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partialPath)
            return "renaming \(partialPath) to \(path) failed: \(reason)"
        }
        return nil
    }

    /// Closes and removes the partial file (a region sink's file is the caller's: only closed).
    func discard() {
        _ = close()
        if descriptor == -2 && regionOffset == nil { unlink(partialPath) }
    }

    /// Returns 0 or the errno of a failed close; afterwards the descriptor is -2 ("was opened").
    private func close() -> Int32 {
        guard descriptor >= 0 else { return 0 }
        let result = closeFile(descriptor)
        descriptor = -2
        return result == 0 ? 0 : errno
    }
}

// The C calls under names that do not clash with FileSink's own methods.
private func openFile(_ path: String, _ flags: Int32) -> Int32 {
    open(path, flags, 0o644)
}

private func writeFile(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

private func closeFile(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}
