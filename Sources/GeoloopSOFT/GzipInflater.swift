import CZlib

/// Streaming decompression of GEO downloads: gzip (one or several members) or plain text.
///
/// Feed compressed chunks as they arrive; decompressed chunks go to a sink closure, so a parser can
/// consume the text while it is being inflated and a large file is never whole in memory. The
/// first two bytes decide the format: `1f 8b` is gzip, anything else passes through unchanged.
/// zlib's gzip mode checks every member's CRC-32 and length. A stream that stops inside a member
/// is `truncated`, damaged data is `corrupt`, and output beyond `outputLimit` is `tooLarge`.
///
/// Not thread-safe: one inflater belongs to one task at a time.
public final class GzipInflater {
    /// Default cap on the decompressed size: 16 GiB, far above any GEO family file.
    public static let defaultOutputLimit = 16 << 30

    /// What the first bytes said the input is.
    public enum Format: Sendable { case undecided, gzip, plain }

    public let outputLimit: Int
    public private(set) var format: Format = .undecided
    /// Decompressed bytes handed to the sink so far.
    public private(set) var totalOut = 0
    /// Compressed bytes consumed so far.
    public private(set) var totalIn = 0
    /// Gzip members completed so far.
    public private(set) var membersCompleted = 0

    // The z_stream lives on the heap: zlib keeps a pointer back to it and checks it on every call.
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutableRawBufferPointer
    private var initialized = false
    private var memberOpen = false
    private var sniffed: [UInt8] = []
    private var finished = false

    public init(outputLimit: Int = GzipInflater.defaultOutputLimit, chunkSize: Int = 256 * 1024) {
        self.outputLimit = outputLimit
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = UnsafeMutableRawBufferPointer.allocate(byteCount: max(chunkSize, 4096), alignment: 16)
    }

    deinit {
        if initialized { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        output.deallocate()
    }

    /// Inflates `input` and hands every decompressed chunk to `sink` (valid only during the call).
    public func feed(_ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        precondition(!finished, "GzipInflater.feed called after finish")
        guard input.count > 0 else { return }
        totalIn += input.count

        switch format {
        case .gzip:
            try inflate(input, into: sink)
        case .plain:
            try pass(input, into: sink)
        case .undecided:
            if sniffed.isEmpty && input.count >= 2 {
                try decide(first: input[0], second: input[1])
                try feedDecided(input, into: sink)
                return
            }
            sniffed.append(contentsOf: input)
            guard sniffed.count >= 2 else { return }
            try decide(first: sniffed[0], second: sniffed[1])
            let pending = sniffed
            sniffed = []
            try pending.withUnsafeBytes { try feedDecided($0, into: sink) }
        }
    }

    /// Declares the end of the input; throws `truncated` if a gzip member is incomplete.
    public func finish(into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !finished else { return }
        finished = true
        if format == .undecided {
            format = .plain
            let pending = sniffed
            sniffed = []
            try pending.withUnsafeBytes { try pass($0, into: sink) }
        }
        if format == .gzip && (memberOpen || membersCompleted == 0) {
            throw SOFTError(
                .truncated,
                "the gzip data ends inside a member after \(totalIn) compressed bytes "
                    + "(\(totalOut) decompressed); the download is incomplete, fetch the file again")
        }
    }

    private func decide(first: UInt8, second: UInt8) throws {
        if first == 0x1f && second == 0x8b {
            format = .gzip
            // 15 + 16: a 32 KB window, gzip wrapper only (CRC-32 and length are checked by zlib).
            let rc = inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
            guard rc == Z_OK else { throw zlibError(rc, call: "inflateInit2") }
            initialized = true
        } else {
            format = .plain
        }
    }

    private func feedDecided(_ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void)
        throws
    {
        if format == .gzip { try inflate(input, into: sink) } else { try pass(input, into: sink) }
    }

    private func pass(_ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard input.count > 0 else { return }
        try account(input.count)
        try sink(input)
    }

    private func account(_ produced: Int) throws {
        totalOut += produced
        if totalOut > outputLimit {
            throw SOFTError(
                .tooLarge,
                "the decompressed text exceeds the limit of \(outputLimit) bytes; the file is either "
                    + "a decompression bomb or needs a larger output limit")
        }
    }

    private func inflate(_ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let base = input.baseAddress else { return }
        var offset = 0
        // avail_in is 32-bit: feed very large buffers in slices.
        while offset < input.count {
            let slice = min(input.count - offset, Int(UInt32.max / 2))
            stream.pointee.next_in = UnsafeMutablePointer(
                mutating: (base + offset).assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(slice)
            try drain(into: sink)
            offset += slice
        }
    }

    private func drain(into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        let outBase = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
        while true {
            if !memberOpen {
                guard stream.pointee.avail_in > 0 else { return }
                // Bytes after a finished member start the next member (multi-member gzip).
                if membersCompleted > 0 {
                    let rc = inflateReset(stream)
                    guard rc == Z_OK else { throw zlibError(rc, call: "inflateReset") }
                }
                memberOpen = true
            }
            stream.pointee.next_out = outBase
            stream.pointee.avail_out = uInt(output.count)
            let rc = CZlib.inflate(stream, Z_NO_FLUSH)
            let produced = output.count - Int(stream.pointee.avail_out)
            if produced > 0 {
                try account(produced)
                try sink(UnsafeRawBufferPointer(start: output.baseAddress, count: produced))
            }
            switch rc {
            case Z_STREAM_END:
                memberOpen = false
                membersCompleted += 1
            case Z_OK:
                if stream.pointee.avail_in == 0 && produced < output.count { return }
            case Z_BUF_ERROR:
                // No progress possible: all input consumed and the output flushed.
                return
            case Z_DATA_ERROR:
                throw SOFTError(
                    .corrupt,
                    "the gzip data is damaged (\(zlibMessage() ?? "invalid data")) after \(totalOut) "
                        + "decompressed bytes; the download is corrupt, fetch the file again")
            default:
                throw zlibError(rc, call: "inflate")
            }
        }
    }

    private func zlibMessage() -> String? {
        stream.pointee.msg.map { String(cString: $0) }
    }

    private func zlibError(_ rc: Int32, call: String) -> SOFTError {
        let detail = zlibMessage() ?? String(cString: zError(rc))
        return SOFTError(.zlib, "zlib \(call) failed with code \(rc) (\(detail))")
    }
}
