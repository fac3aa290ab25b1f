/// Where GEO keeps a record's files, by NCBI's folder rule.
public enum GEOPaths {
    /// The folder a record lives in: its accession with the last one to three digits replaced by
    /// `nnn`. GSE7 and GSE999 live under `GSEnnn`, GSE1563 under `GSE1nnn`, GSE100494 under
    /// `GSE100nnn`.
    public static func seriesStub(_ accession: String) -> String {
        let letters = accession.prefix { !$0.isNumber }
        let digits = accession.dropFirst(letters.count)
        return letters + digits.dropLast(3) + "nnn"
    }

    /// The family SOFT file of a series, relative to the server's `/geo/` root:
    /// `series/GSE100nnn/GSE100494/soft/GSE100494_family.soft.gz`.
    public static func familySOFT(_ accession: String) -> String {
        "series/\(seriesStub(accession))/\(accession)/soft/\(accession)_family.soft.gz"
    }

    /// The supplementary-file folder of a series (for `!Series_supplementary_file` values).
    public static func seriesSupplementary(_ accession: String) -> String {
        "ftp://ftp.ncbi.nlm.nih.gov/geo/series/\(seriesStub(accession))/\(accession)/suppl/"
    }

    /// The supplementary-file folder of a sample.
    public static func sampleSupplementary(_ accession: String) -> String {
        "ftp://ftp.ncbi.nlm.nih.gov/geo/samples/\(seriesStub(accession))/\(accession)/suppl/"
    }
}
