import Foundation

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
        descriptor = Foundation.open(partialPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
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
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
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
        let result = Foundation.close(descriptor)
        descriptor = -2
        return result == 0 ? 0 : errno
    }
}
