import GeoloopSOFT

/// A verified body in the cache and how it got there.
struct FetchedFile: Sendable {
    let entry: CacheEntry
    let source: RecordSource
    /// The body parsed while the cache verified it (one inflate for both), when that succeeded.
    var document: SOFTDocument? = nil
}

/// How one attempt ended: a verified entry, or the failure to decide on.
enum AttemptResult: Sendable {
    case stored(CacheEntry, bytes: Int64, fromCache: Bool, document: SOFTDocument?)
    case failed(AttemptFailure)
}

/// Lets an attempt's failure travel in a `Result`.
extension AttemptFailure: Error {}
