import CGeoloopShim
import Foundation
import Glibc

/// Where results go: standard output as they come, or a file that appears complete or not at all.
///
/// A file is written to a temporary file in its own directory (`.<name>.tmp-<pid>`), fsynced and
/// renamed over the destination by ``commit()``, so a reader never sees half a result file and an
/// old file survives a failed run.
final class OutputSink {
    /// The destination path, or nil for standard output.
    let path: String?
    private var fd: Int32
    private let temporaryPath: String?
    private var finished = false
    /// Bytes written to a file since the kernel was last asked to start writing it to disk.
    private var unflushed = 0
    /// How much a file may hold in memory before its write-back is started, so that the fsync in
    /// ``commit()`` finds little left to write and the run does not end waiting for the disk.
    private static let writebackEvery = 4 << 20

    /// Standard output (written as results arrive; nothing to commit).
    static func standardOutput() -> OutputSink { OutputSink() }

    private init() {
        path = nil
        fd = 1
        temporaryPath = nil
    }

    /// A file at `path`, written atomically; `-` is standard output.
    static func open(_ path: String) throws -> OutputSink {
        path == "-" ? standardOutput() : try OutputSink(file: path)
    }

    private init(file: String) throws {
        let url = URL(fileURLWithPath: file)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(getpid())"
        ).path
        let descriptor = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw OutputError(
                "cannot create '\(file)': \(String(cString: strerror(errno))); check the directory exists")
        }
        path = file
        fd = descriptor
        temporaryPath = temporary
        ExitCleanup.shared.add(temporary)
    }

    deinit {
        if !finished { discard() }
    }

    /// Appends bytes. Standard output closed by its reader (`geoloop fetch ... | head -1`) throws
    /// ``OutputClosed``, so the caller can stop; any other failure, for a file or for standard
    /// output (a full disk behind `> file`), throws ``OutputError`` naming it.
    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    if path == nil && errno == EPIPE { throw OutputClosed() }
                    let name = path.map { "'\($0)'" } ?? "standard output"
                    throw OutputError("cannot write \(name): \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
        guard path != nil else { return }
        unflushed += bytes.count
        if unflushed >= Self.writebackEvery {
            unflushed = 0
            _ = gl_start_writeback(fd)  // a hint; the fsync in commit() still decides
        }
    }

    func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Makes the file visible under its name: fsync, close, rename. Nothing to do for stdout.
    func commit() throws {
        guard !finished else { return }
        finished = true
        guard let path, let temporaryPath else { return }
        defer {
            fd = -1
            ExitCleanup.shared.remove(temporaryPath)
        }
        guard fsync(fd) == 0, close(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw OutputError("cannot write '\(path)': \(reason)")
        }
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw OutputError("cannot move the results into '\(path)': \(reason)")
        }
    }

    /// Drops a file's temporary copy, leaving any earlier file at the destination alone.
    func discard() {
        guard !finished else { return }
        finished = true
        guard let temporaryPath else { return }
        close(fd)
        fd = -1
        unlink(temporaryPath)
        ExitCleanup.shared.remove(temporaryPath)
    }
}

/// Standard output's reader has gone (EPIPE): the results have nowhere to go.
struct OutputClosed: Error {}

/// An output file that could not be written; the message names it.
struct OutputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
