/// A verified body in the cache and how it got there.
struct FetchedFile: Sendable {
    let entry: CacheEntry
    let source: RecordSource
}

/// How one attempt ended: a verified entry, or the failure to decide on.
enum AttemptResult: Sendable {
    case stored(CacheEntry, bytes: Int64, fromCache: Bool)
    case failed(AttemptFailure)
}

/// Lets an attempt's failure travel in a `Result`.
extension AttemptFailure: Error {}
