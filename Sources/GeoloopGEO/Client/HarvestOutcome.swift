/// One accession's result in a harvest.
public enum HarvestOutcome: Sendable {
    /// The family file was fetched (or read from the cache), verified and parsed.
    case success(SeriesRecord)
    /// geoloop gave up on the accession; the failure says why, with the URL and attempts.
    case failure(Accession, HarvestFailure)

    /// The accession this outcome is for.
    public var accession: Accession {
        switch self {
        case .success(let record): record.accession
        case .failure(let accession, _): accession
        }
    }

    /// The record, when the accession succeeded.
    public var record: SeriesRecord? {
        if case .success(let record) = self { return record }
        return nil
    }

    /// The failure, when the accession failed.
    public var failure: HarvestFailure? {
        if case .failure(_, let failure) = self { return failure }
        return nil
    }
}
