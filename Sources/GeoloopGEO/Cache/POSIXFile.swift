import CGeoloopShim
import Foundation
import Glibc

/// The cache's file-system calls, each through one funnel that turns a failure into a
/// ``CacheError`` naming the call, the path and `strerror`'s text.
enum POSIXFile {
    static let fileMode: mode_t = 0o644
    static let directoryMode: mode_t = 0o755

    static func failure(_ call: String, _ path: String, errno code: Int32 = errno) -> CacheError {
        let text = String(cString: strerror(code))
        return CacheError(kind: .io, message: "\(call) failed for \(path): \(text) (errno \(code))", errno: code)
    }

    /// Opens (creating with mode 0644 regardless of the umask when `create` is set).
    static func open(_ path: String, flags: Int32, create: Bool = false) throws(CacheError) -> Int32 {
        var fd: Int32
        repeat {
            fd = create ? Glibc.open(path, flags | O_CREAT | O_CLOEXEC, fileMode) : Glibc.open(path, flags | O_CLOEXEC)
        } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw failure("open", path) }
        if create, fchmod(fd, fileMode) != 0 {
            let code = errno
            close(fd)
            throw failure("fchmod", path, errno: code)
        }
        return fd
    }

    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, path: String) throws(CacheError) {
        var offset = 0
        while offset < buffer.count {
            let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("write", path)
            }
            offset += written
        }
    }

    /// Reads up to `buffer.count` bytes; 0 at the end of the file.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws(CacheError) -> Int {
        while true {
            let count = Glibc.read(fd, buffer.baseAddress!, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw failure("read", path) }
        }
    }

    static func fsync(_ fd: Int32, path: String) throws(CacheError) {
        guard Glibc.fsync(fd) == 0 else { throw failure("fsync", path) }
    }

    /// Asks the kernel to start writing `fd`'s dirty pages now, without waiting; a later fsync
    /// still decides durability. Only a hint: failures are ignored.
    static func startWriteback(_ fd: Int32) {
        _ = gl_start_writeback(fd)
    }

    /// Tells the kernel a durable file's cached pages will not be read again soon, so they are
    /// freed now rather than pushing other files out of memory: a harvest reads each body once, while
    /// verifying it, and would otherwise fill the page cache with gigabytes nobody rereads. (On VMs
    /// whose memory the host backs lazily, writing into freed pages is also far cheaper than into
    /// never-used ones.) Only a hint: failures are ignored.
    static func dropCachedPages(_ fd: Int32) {
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
    }

    /// Makes a rename or unlink in `directory` durable.
    static func fsyncDirectory(_ directory: String) throws(CacheError) {
        let fd = try open(directory, flags: O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try fsync(fd, path: directory)
    }

    static func rename(_ from: String, _ to: String) throws(CacheError) {
        guard Glibc.rename(from, to) == 0 else { throw failure("rename to \(to)", from) }
    }

    /// Removes a file; a file already gone is not an error.
    static func unlinkIfPresent(_ path: String) throws(CacheError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw failure("unlink", path) }
    }

    /// Removes `path` like ``unlinkIfPresent(_:)``; true when there was a file to remove.
    static func unlinkReportingPresence(_ path: String) throws(CacheError) -> Bool {
        if unlink(path) == 0 { return true }
        guard errno == ENOENT else { throw failure("unlink", path) }
        return false
    }

    /// Size and modification time, or nil when the file does not exist.
    static func status(_ path: String) -> (size: Int64, modified: Date, isRegular: Bool)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let modified = Date(
            timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec) + TimeInterval(info.st_mtim.tv_nsec) / 1e9)
        return (Int64(info.st_size), modified, (info.st_mode & S_IFMT) == S_IFREG)
    }

    /// Creates `relative` under `root` (and `root` itself), each new directory mode 0755
    /// regardless of the umask. The common case, a directory that exists, costs one `mkdir`; only
    /// a missing parent sends it up the path.
    static func makeDirectories(root: String, relative: String) throws(CacheError) {
        let path = relative.isEmpty ? root : root + "/" + relative
        try makeDirectory(path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path)
    }

    /// `mkdir -p` for an absolute path, from the leaf upwards.
    private static func makeDirectory(_ path: String) throws(CacheError) {
        if mkdir(path, directoryMode) == 0 {
            guard chmod(path, directoryMode) == 0 else { throw failure("chmod", path) }
            return
        }
        switch errno {
        case EEXIST:
            return
        case ENOENT:
            guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { throw failure("mkdir", path) }
            try makeDirectory(String(path[..<slash]))
            guard mkdir(path, directoryMode) == 0 else {
                if errno == EEXIST { return }  // another writer made it meanwhile
                throw failure("mkdir", path)
            }
            guard chmod(path, directoryMode) == 0 else { throw failure("chmod", path) }
        default:
            throw failure("mkdir", path)
        }
    }

    /// A fresh name beside `path` for a temporary file: `.<name>.tmp-<pid>-<random>`.
    static func temporaryPath(beside path: String) -> String {
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let (directory, name) = split(path)
        return directory + ".\(name).tmp-\(getpid())-\(random)"
    }

    /// The directory part of `path` (with its trailing slash; empty when there is none) and the name.
    static func split(_ path: String) -> (directory: String, name: Substring) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path[...]) }
        return (String(path[...slash]), path[path.index(after: slash)...])
    }

    /// Tries an exclusive `flock` on `fd` without waiting: 0 when taken, else the errno
    /// (`EWOULDBLOCK` while another open file holds it).
    static func lockExclusivelyWithoutWaiting(_ fd: Int32) -> Int32 {
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno != EINTR { return errno }
        }
        return 0
    }

    /// Holds an advisory `flock` on `path` (created 0644) for the duration of `body`.
    ///
    /// A shared lock also works in a cache this process may read but not write (another user's,
    /// or on a read-only mount): the lock file is opened read-only, and where it does not exist
    /// and cannot be created, `body` runs unlocked. Nobody can then be committing through this
    /// process's permissions, and a reader checks the body against its sidecar anyway.
    static func withLock<T>(
        _ path: String, exclusive: Bool, _ body: () throws(CacheError) -> T
    ) throws(CacheError) -> T {
        let fd: Int32
        do {
            fd = try open(path, flags: O_RDWR, create: true)
        } catch let error where !exclusive && [EACCES, EROFS, EPERM].contains(error.errno ?? 0) {
            guard let readOnly = try? open(path, flags: O_RDONLY) else { return try body() }
            fd = readOnly
        }
        defer { close(fd) }
        while flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0 {
            if errno != EINTR { throw failure("flock", path) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
