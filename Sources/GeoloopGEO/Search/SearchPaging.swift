/// One request's window into a search result: `retstart` and `retmax`.
public struct SearchPage: Hashable, Sendable {
    public let retstart: Int
    public let retmax: Int

    public init(retstart: Int, retmax: Int) {
        self.retstart = retstart
        self.retmax = retmax
    }
}

/// Splits a search into requests of bounded size, so large result sets are fetched page by page.
public enum SearchPaging {
    /// The most UIDs esearch returns per request.
    public static let maximumPageSize = 10_000
    /// A comfortable esummary batch (esummary answers grow with every UID).
    public static let summaryBatchSize = 500

    /// The pages covering the first `limit` (default: all) of `total` results, `pageSize` each
    /// (clamped to 1...10000); the last page is cut to what remains.
    public static func pages(total: Int, pageSize: Int = 500, limit: Int? = nil) -> [SearchPage] {
        let size = min(max(1, pageSize), maximumPageSize)
        let wanted = max(0, min(total, limit ?? total))
        return stride(from: 0, to: wanted, by: size).map { start in
            SearchPage(retstart: start, retmax: min(size, wanted - start))
        }
    }

    /// UIDs in batches of at most `size` for esummary, order kept.
    public static func batches(_ uids: [Int], size: Int = summaryBatchSize) -> [[Int]] {
        let size = max(1, size)
        return stride(from: 0, to: uids.count, by: size).map { Array(uids[$0..<min($0 + size, uids.count)]) }
    }
}
