import Foundation
import GeoloopEngine

extension GEOClient {
    /// Fetches bytes `start..<total` of a file whose first part is already in `file`, as Range
    /// segments in parallel (each under its own host permit), each written into its place in `file`.
    /// Returns the bytes received.
    func fetchRemainder(
        _ resource: GEOResource, url: URL, into file: URL, from start: Int64, total: Int64,
        validators: CacheValidators, attempt: Int, completed: @escaping @Sendable (ClosedRange<Int64>) -> Void
    ) async -> Result<Int64, AttemptFailure> {
        let segments = Self.segments(
            from: start, total: total, threshold: configuration.segmentThreshold, size: configuration.segmentSize,
            maxCount: configuration.maxSegmentsPerFile)
        let accession = resource.accession.description
        emit(.segmented(accession: accession, url: url.absoluteString, totalBytes: total, segments: segments.count + 1))
        return await fetchSegments(
            segments, resource: resource, url: url, into: file, total: total, validators: validators, attempt: attempt,
            completed: completed)
    }

    /// Fetches `segments` of a `total`-byte file in parallel (at most `maxSegmentsPerFile` at once,
    /// each under its own host permit), each written into its place in `file`; `completed` hears
    /// of each segment that arrived whole. The first failure cancels the rest. Returns the bytes
    /// received.
    func fetchSegments(
        _ segments: [ClosedRange<Int64>], resource: GEOResource, url: URL, into file: URL, total: Int64,
        validators: CacheValidators, attempt: Int, completed: @escaping @Sendable (ClosedRange<Int64>) -> Void
    ) async -> Result<Int64, AttemptFailure> {
        let width = max(1, configuration.maxSegmentsPerFile)
        let failure: AttemptFailure? = await withTaskGroup(of: (ClosedRange<Int64>, AttemptFailure?).self) { group in
            var next = 0
            var firstFailure: AttemptFailure?
            func addNext() {
                guard next < segments.count else { return }
                let range = segments[next]
                next += 1
                group.addTask {
                    let failure = await self.fetchSegment(
                        resource, url: url, range: range, into: file, total: total, validators: validators,
                        attempt: attempt, completed: completed)
                    return (range, failure)
                }
            }
            for _ in 0..<min(width, segments.count) { addNext() }
            for await (range, result) in group {
                if let failure = result {
                    if firstFailure == nil {
                        firstFailure = failure
                        group.cancelAll()
                    }
                } else {
                    completed(range)
                    if firstFailure == nil { addNext() }
                }
            }
            return firstFailure
        }
        if let failure { return .failure(failure) }
        return .success(segments.reduce(0) { $0 + Int64($1.count) })
    }

    /// One Range segment written straight into its place in `file` (the first request's bytes are
    /// already there); only a 206 for exactly that range, of the recorded version, counts. The
    /// answer is capped at the segment's size, so it never writes into a neighbouring region; a
    /// transfer cut short reports through `completed` the prefix it delivered.
    private func fetchSegment(
        _ resource: GEOResource, url: URL, range: ClosedRange<Int64>, into file: URL, total: Int64,
        validators: CacheValidators, attempt: Int, completed: @Sendable (ClosedRange<Int64>) -> Void
    ) async -> AttemptFailure? {
        let length = Int64(range.count)
        var request = transferRequest(url)
        request.destination = .fileRegion(path: file.path, offset: range.lowerBound)
        request.range = ByteRange(start: range.lowerBound, end: range.upperBound)
        // Never past its own region: a server sending more than was asked cannot overwrite the
        // neighbouring segment, which a kept part may already hold complete.
        request.maxBodyBytes = length
        if let ifRange = PartialDownload.ifRangeValue(validators) { request.headers = [("If-Range", ifRange)] }

        let sent = await send(
            request, accession: resource.accession.description, attempt: attempt, urgent: true,
            rangeUnlessRateBound: nil)
        let outcome = sent.outcome
        // A segment cut short keeps its first bytes when they are the ones asked for, of the same
        // version: a later attempt asks only for the rest of the segment.
        if case .failure(.transport) = outcome, let partial = sent.partial, partial.status == 206,
            partial.bytesReceived > 0, partial.bytesReceived < length,
            let answered = ContentRange(partial.headers.contentRange), answered.first == range.lowerBound,
            answered.total == total, Self.etagAllows(partial.headers.etag, recorded: validators.etag)
        {
            completed(range.lowerBound...(range.lowerBound + partial.bytesReceived - 1))
        }
        let problem: AttemptFailure?
        switch outcome {
        case .failure(.transport(.tooLarge, _)):
            problem = .body(
                CacheError(
                    kind: .corrupt,
                    message: "the server sent more than the \(length) bytes of "
                        + "segment \(range.lowerBound)-\(range.upperBound) of \(resource); the file may have changed "
                        + "on the server"))
        case .failure(let failure):
            problem = failure
        case .success(let response) where response.status == 206:
            let answered = ContentRange(response.headers.contentRange)
            // A server that ignores If-Range still names the version it sent: a different strong
            // ETag means the file changed and this segment belongs to another version.
            let sameVersion =
                Self.etagAllows(response.headers.etag, recorded: validators.etag)
                || validators.etag?.hasPrefix("W/") == true
            problem =
                answered?.first == range.lowerBound && answered?.last == range.upperBound
                    && answered?.total == total && response.bytesReceived == length && sameVersion
                ? nil
                : .body(
                    CacheError(
                        kind: .corrupt,
                        message: "segment \(range.lowerBound)-\(range.upperBound) of \(resource) came back as "
                            + "\(response.headers.contentRange ?? "no Content-Range") with "
                            + "\(response.bytesReceived) bytes; the file may have changed on the server"))
        case .success(let response) where response.status == 200:
            problem = .body(
                CacheError(
                    kind: .corrupt,
                    message: "the server answered a segment of \(resource) with the whole file (HTTP 200); "
                        + "the file may have changed on the server"))
        case .success(let response):
            problem = .status(of: response)
        }
        return problem
    }

    /// The ranges after the first request: one when the file is at most `threshold` bytes, else
    /// about `size`-byte pieces, but at most `maxCount` of them (then evenly larger), so all of
    /// them can run at once.
    static func segments(
        from start: Int64, total: Int64, threshold: Int64, size: Int64, maxCount: Int
    ) -> [ClosedRange<Int64>] {
        guard start < total else { return [] }
        let rest = total - start
        guard total > threshold, size > 0 else { return [start...(total - 1)] }
        let count = min(Int64(max(1, maxCount)), (rest + size - 1) / size)
        let piece = (rest + count - 1) / count
        return stride(from: start, to: total, by: Int(piece)).map { $0...min($0 + piece, total) - 1 }
    }

    /// Whether bytes sent under ETag `sent` may belong to the version recorded as `recorded`: the
    /// same tag, or no tag on either side.
    static func etagAllows(_ sent: String?, recorded: String?) -> Bool {
        sent == nil || recorded == nil || sent == recorded
    }

    /// The missing `gaps` of a resumed download cut into requests: pieces of at least `size` bytes,
    /// about `count` of them in all (a gap smaller than a piece stays one request), so a run cut
    /// short after its first request gets its parallel segments back.
    static func pieces(of gaps: [ClosedRange<Int64>], size: Int64, count: Int) -> [ClosedRange<Int64>] {
        let missing = gaps.reduce(Int64(0)) { $0 + Int64($1.count) }
        let parts = Int64(max(1, count))
        let piece = max(size, 1, (missing + parts - 1) / parts)
        return gaps.flatMap { gap in
            stride(from: gap.lowerBound, through: gap.upperBound, by: Int(piece)).map {
                $0...min($0 + piece - 1, gap.upperBound)
            }
        }
    }
}
