/// The link between gds UIDs (what esearch returns for `db=gds`) and GEO accessions: a series'
/// UID is 200000000 plus its GSE number. Other ranges (DataSets, platforms, samples) are not
/// series and map to nil.
public enum GDSIdentifiers {
    /// The first series UID.
    public static let seriesBase = 200_000_000
    /// One past the last series UID.
    public static let seriesEnd = 300_000_000

    /// The series accession for a gds UID, or nil when the UID is not a series.
    public static func series(forUID uid: Int) -> Accession? {
        guard uid > seriesBase, uid < seriesEnd else { return nil }
        return try? Accession(kind: .series, number: uid - seriesBase)
    }

    /// The gds UID of a series, or nil for other kinds or numbers beyond the series range.
    public static func uid(of accession: Accession) -> Int? {
        guard accession.kind == .series, accession.number < seriesEnd - seriesBase else { return nil }
        return seriesBase + accession.number
    }
}
