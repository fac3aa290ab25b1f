#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Streams a body to disk: bytes go to `<path>.partial`, renamed to `path` on success and removed
/// on failure, so a failed transfer never leaves a half-written file under the final name.
/// Loop thread only.
final class FileSink {
    let path: String
    let partialPath: String
    private var descriptor: Int32 = -1
    /// `errno` of the first failed write, if any.
    private(set) var writeErrno: Int32 = 0

    init(path: String) {
        self.path = path
        self.partialPath = path + ".partial"
    }

    /// Creates (or truncates) the partial file.
    func open() throws(TransferError) {
        descriptor = createFile(partialPath)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw TransferError(
                kind: .io,
                message: "cannot create \(partialPath) for the body: \(reason). Check the directory exists "
                    + "and is writable.", url: "")
        }
    }

    /// Writes all of `bytes`; false (with `writeErrno` set) when the disk refuses.
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = writeFile(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                writeErrno = errno
                return false
            }
            offset += written
        }
        return true
    }

    /// Closes the file and renames it into place; the error says why not.
    func commit() -> String? {
        let closed = close()
        guard closed == 0 else { return "closing \(partialPath) failed: \(String(cString: strerror(closed)))" }
        guard rename(partialPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partialPath)
            return "renaming \(partialPath) to \(path) failed: \(reason)"
        }
        return nil
    }

    /// Closes and removes the partial file.
    func discard() {
        _ = close()
        if descriptor == -2 { unlink(partialPath) }
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
private func createFile(_ path: String) -> Int32 {
    open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
}

private func writeFile(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

private func closeFile(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}
