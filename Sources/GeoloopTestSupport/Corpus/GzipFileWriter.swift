import CZlib
import Foundation

/// Streams bytes into a gzip file with zlib's deflate at level 6 (NCBI's level). The file is
/// written under a temporary name and renamed into place by `finish()`, so a failed or interrupted
/// generation never leaves a half-written `.gz` that looks complete.
final class GzipFileWriter {
    let destination: URL
    private let partial: URL
    private let handle: FileHandle
    private let stream: UnsafeMutablePointer<z_stream>
    private var output: [UInt8]
    private var finished = false
    private(set) var compressedBytes = 0
    private(set) var uncompressedBytes = 0

    init(destination: URL, level: Int32 = 6) throws {
        self.destination = destination
        partial = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).partial")
        let directory = destination.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CorpusError(
                .fileSystem, "Cannot create the directory \(directory.path): \(error.localizedDescription).")
        }
        guard FileManager.default.createFile(atPath: partial.path, contents: nil),
            let handle = FileHandle(forWritingAtPath: partial.path)
        else {
            throw CorpusError(.fileSystem, "Cannot create \(partial.path); check that the directory is writable.")
        }
        self.handle = handle
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = [UInt8](repeating: 0, count: 256 * 1024)
        // windowBits 15 + 16 asks zlib for a gzip wrapper (mtime 0, so the bytes depend on the input only).
        let status = deflateInit2_(
            stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)
        )
        guard status == Z_OK else {
            stream.deallocate()
            try? handle.close()
            throw CorpusError(.compression, "zlib's deflateInit2 failed (\(status)) for \(destination.path).")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        if !finished {
            try? handle.close()
            try? FileManager.default.removeItem(at: partial)
        }
    }

    /// Compresses `chunk` and empties it.
    func write(_ chunk: inout SOFTBytes) throws {
        uncompressedBytes += chunk.count
        try chunk.bytes.withUnsafeMutableBufferPointer { input in
            stream.pointee.next_in = input.baseAddress
            stream.pointee.avail_in = UInt32(input.count)
            try pump(flush: Z_NO_FLUSH)
        }
        chunk.removeAll()
    }

    /// Ends the gzip stream, closes the file and moves it to its final name.
    func finish() throws {
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        try pump(flush: Z_FINISH)
        do {
            try handle.close()
            if FileManager.default.fileExists(atPath: destination.path) {
                try FileManager.default.removeItem(at: destination)
            }
            try FileManager.default.moveItem(at: partial, to: destination)
        } catch {
            throw CorpusError(.fileSystem, "Cannot finish \(destination.path): \(error.localizedDescription).")
        }
        finished = true
    }

    /// Runs deflate until it has taken all input (and, with Z_FINISH, written the trailer).
    private func pump(flush: Int32) throws {
        var status = Z_OK
        repeat {
            let produced = try output.withUnsafeMutableBufferPointer { out -> Int in
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = UInt32(out.count)
                status = deflate(stream, flush)
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                    throw CorpusError(.compression, "zlib's deflate failed (\(status)) for \(destination.path).")
                }
                return out.count - Int(stream.pointee.avail_out)
            }
            if produced > 0 {
                do {
                    try handle.write(contentsOf: output[0..<produced])
                } catch {
                    throw CorpusError(.fileSystem, "Cannot write \(partial.path): \(error.localizedDescription).")
                }
                compressedBytes += produced
            }
        } while flush == Z_FINISH ? status != Z_STREAM_END : stream.pointee.avail_out == 0
    }
}
