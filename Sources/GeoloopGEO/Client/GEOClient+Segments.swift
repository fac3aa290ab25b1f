import Foundation
import GeoloopEngine

extension GEOClient {
    /// Fetches bytes `start..<total` of a file whose first part is already in `file`, as Range
    /// segments in parallel (each under its own host permit), and appends them to `file` in order.
    /// Returns the bytes received.
    func fetchRemainder(
        _ resource: GEOResource, url: URL, into file: URL, from start: Int64, total: Int64,
        validators: CacheValidators, attempt: Int
    ) async -> Result<Int64, AttemptFailure> {
        let segments = Self.segments(
            from: start, total: total, threshold: configuration.segmentThreshold, size: configuration.segmentSize,
            maxCount: configuration.maxSegmentsPerFile)
        let accession = resource.accession.description
        emit(.segmented(accession: accession, url: url.absoluteString, totalBytes: total, segments: segments.count + 1))

        var parts: [URL?] = Array(repeating: nil, count: segments.count)
        defer { for part in parts.compactMap({ $0 }) { try? FileManager.default.removeItem(at: part) } }
        let width = max(1, configuration.maxSegmentsPerFile)
        let failure: AttemptFailure? = await withTaskGroup(of: (Int, Result<URL, AttemptFailure>).self) { group in
            var next = 0
            var firstFailure: AttemptFailure?
            func addNext() {
                guard next < segments.count else { return }
                let index = next
                next += 1
                group.addTask {
                    (
                        index,
                        await self.fetchSegment(
                            resource, url: url, range: segments[index], total: total, validators: validators,
                            attempt: attempt)
                    )
                }
            }
            for _ in 0..<min(width, segments.count) { addNext() }
            for await (index, result) in group {
                switch result {
                case .success(let part):
                    parts[index] = part
                    if firstFailure == nil { addNext() }
                case .failure(let failure):
                    if firstFailure == nil {
                        firstFailure = failure
                        group.cancelAll()
                    }
                }
            }
            return firstFailure
        }
        if let failure { return .failure(failure) }

        let files = parts.compactMap { $0 }
        do {
            try await diskPool.submit { try Self.append(files, to: file) }
        } catch let error as CacheError {
            return .failure(.localStorage(error))
        } catch {
            return .failure(.transport(.cancelled, detail: "cancelled while joining segments"))
        }
        return .success(total - start)
    }

    /// One Range segment into its own temporary file; only a 206 for exactly that range counts.
    private func fetchSegment(
        _ resource: GEOResource, url: URL, range: ClosedRange<Int64>, total: Int64, validators: CacheValidators,
        attempt: Int
    ) async -> Result<URL, AttemptFailure> {
        let part: URL
        do {
            part = try cache.makeTemporaryFile(for: resource.cacheKey)
        } catch {
            return .failure(.localStorage(error))
        }
        var request = transferRequest(url, destination: part.path)
        request.range = ByteRange(start: range.lowerBound, end: range.upperBound)
        if let ifRange = PartialDownload.ifRangeValue(validators) { request.headers = [("If-Range", ifRange)] }

        let outcome = await send(request, accession: resource.accession.description, attempt: attempt, urgent: true)
        let problem: AttemptFailure?
        switch outcome {
        case .failure(let failure):
            problem = failure
        case .success(let response) where response.status == 206:
            let answered = ContentRange(response.headers.contentRange)
            let expected = range.upperBound - range.lowerBound + 1
            problem =
                answered?.first == range.lowerBound && answered?.last == range.upperBound
                    && answered?.total == total && response.bytesReceived == expected
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
            let retryAfter = response.headers.retryAfter.flatMap { RetryAfter.delay(fromHeader: $0) }
            problem = .httpStatus(response.status, retryAfter: retryAfter)
        }
        if let problem {
            try? FileManager.default.removeItem(at: part)
            return .failure(problem)
        }
        return .success(part)
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

    /// Appends each file's bytes to `destination`, in order.
    static func append(_ files: [URL], to destination: URL) throws(CacheError) {
        let output = try POSIXFile.open(destination.path, flags: O_WRONLY | O_APPEND)
        defer { close(output) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        for file in files {
            let input = try POSIXFile.open(file.path, flags: O_RDONLY)
            defer { close(input) }
            while true {
                let count = try POSIXFile.read(input, into: buffer, path: file.path)
                if count == 0 { break }
                try POSIXFile.writeAll(
                    output, UnsafeRawBufferPointer(rebasing: buffer[0..<count]), path: destination.path)
            }
        }
    }
}
