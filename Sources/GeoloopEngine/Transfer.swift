import CCurl
import CGeoloopShim

/// One transfer inside the engine: the request, how to report its end, and (loop thread only) its
/// easy handle and the bytes received so far.
///
/// `@unchecked Sendable`: the immutable fields are set at creation; every `var` is loop-only,
/// touched only on the engine's loop thread (submission hands the object over through the inbox
/// mutex, which orders the creating thread's writes before the loop's reads).
final class Transfer: @unchecked Sendable {
    typealias Outcome = Result<TransferResponse, TransferError>

    let request: TransferRequest
    /// The "scheme://host:port" the engine counts connections against.
    let hostKey: String
    let isHTTPS: Bool
    let submittedAt: ContinuousClock.Instant
    /// When set, a successful in-memory body stays counted in the buffered-bytes budget until the
    /// processing job releases it.
    let holdsBudgetUntilProcessed: Bool
    /// Called exactly once, on the loop thread (or on the submitting thread if the engine has
    /// already shut down). Must be quick: it runs on the loop.
    let deliver: @Sendable (Outcome) -> Void
    /// Where `deliver` puts the outcome when it only stages it: flushed after each batch.
    let batch: ResultsChannel?

    // Loop-only state.
    private(set) var phase: TransferPhase = .queued
    var easy: EasyHandle?
    var headerList: UnsafeMutablePointer<curl_slist>?
    /// Its host's lane in the backlog, from joining it until the transfer is retired.
    var lane: HostLane?
    var admittedAt: ContinuousClock.Instant?
    /// The body so far, for an in-memory destination.
    var body: [UInt8] = []
    /// The open file, for a file destination.
    let fileSink: FileSink?
    var headers = ResponseHeaders()
    var bytesReceived: Int64 = 0
    /// Set by the write callback when the body passed `maxBodyBytes`.
    var exceededMaxBody = false
    /// Where in-memory bytes are counted; set at admission.
    var stats: EngineStats?

    init(
        request: TransferRequest, holdsBudgetUntilProcessed: Bool = false, batch: ResultsChannel? = nil,
        hostKeyHint: String? = nil, deliver: @escaping @Sendable (Outcome) -> Void
    ) {
        self.request = request
        (hostKey, isHTTPS) = Transfer.hostKey(of: request.url, hint: hostKeyHint)
        self.submittedAt = .now
        self.holdsBudgetUntilProcessed = holdsBudgetUntilProcessed
        self.deliver = deliver
        self.batch = batch
        switch request.destination {
        case .memory: fileSink = nil
        case .file(let path): fileSink = FileSink(path: path)
        case .fileRegion(let path, let offset): fileSink = FileSink(path: path, regionOffset: offset)
        }
    }

    /// Moves to the phase after `event`; an illegal move stops the process. Loop thread only.
    func transition(_ event: TransferPhase.Event) {
        phase = phase.applying(event, url: request.url)
    }

    var storesInMemory: Bool { fileSink == nil }

    /// "scheme://authority", lower-cased, from a URL string without a full parse (byte by byte:
    /// this runs once per submitted transfer), and whether the scheme is https. Returns `hint`
    /// itself, sharing its storage, when the key equals it (a list of URLs to one host).
    static func hostKey(of url: String, hint: String? = nil) -> (String, Bool) {
        var url = url
        return url.withUTF8 { bytes in
            var schemeEnd: Int?
            var keyEnd = bytes.count
            var hasUppercase = false
            for index in bytes.indices {
                let byte = bytes[index]
                if let schemeEnd {
                    if index >= schemeEnd + 3, byte == 47 || byte == 63 || byte == 35 {  // '/', '?', '#'
                        keyEnd = index
                        break
                    }
                } else if byte == 58, index + 2 < bytes.count, bytes[index + 1] == 47, bytes[index + 2] == 47 {
                    schemeEnd = index  // the first "://"
                }
                if byte >= 65 && byte <= 90 { hasUppercase = true }
            }
            let isHTTPS = schemeEnd == 5 && zip(bytes[0..<5], "https".utf8).allSatisfy { $0 | 0x20 == $1 }
            let key = UnsafeBufferPointer(rebasing: bytes[..<(schemeEnd == nil ? bytes.count : keyEnd)])
            if hasUppercase {
                let lowered = key.map { byte in byte >= 65 && byte <= 90 ? byte | 0x20 : byte }
                return (String(decoding: lowered, as: UTF8.self), isHTTPS)
            }
            if let hint, hint.utf8.withContiguousStorageIfAvailable({ $0.elementsEqual(key) }) == true {
                return (hint, isHTTPS)
            }
            return (String(decoding: key, as: UTF8.self), isHTTPS)
        }
    }
}
