import Foundation

/// A series as esummary (`db=gds`, JSON) describes it.
public struct SeriesSummary: Hashable, Sendable {
    /// The gds UID.
    public let uid: Int
    /// The accession (`GSE100494`).
    public let accession: Accession
    public let title: String
    public let summary: String?
    /// `GSE` for a series.
    public let entryType: String
    /// `n_samples`.
    public let sampleCount: Int?
    /// The public release date as NCBI writes it (`pdat`, `2017/06/28`).
    public let publicationDate: String?
    /// The organism(s), `taxon`.
    public let taxon: String?
    /// The platform numbers, `gpl` (`21103` or `570;96`).
    public let platforms: String?
    /// The sample accessions listed in `samples`.
    public let sampleAccessions: [String]
    /// `ftplink`, the series folder on the file server.
    public let ftpLink: String?
}

/// An esummary answer: the series described, in `uids` order, and the UIDs NCBI had no summary for.
public struct ESummaryResult: Hashable, Sendable {
    public let series: [SeriesSummary]
    /// UIDs with an error entry, or whose entry is not a series.
    public let skippedUIDs: [Int]

    /// Decodes `{"result":{"uids":[...],"<uid>":{"accession":...,"title":...,"n_samples":...}}}`.
    public static func decode(_ body: Data) throws(EUtilitiesError) -> ESummaryResult {
        let envelope = try EUtilitiesJSON.decode(Envelope.self, from: body, what: "esummary")
        guard let result = envelope.result else {
            throw EUtilitiesJSON.serviceError(envelope.error, what: "esummary", body: body)
        }
        var series: [SeriesSummary] = []
        var skipped: [Int] = []
        for (uidText, raw) in result.entries {
            guard let uid = Int(uidText) else {
                throw EUtilitiesError(
                    kind: .malformed,
                    message: "esummary lists a UID that is not a number: \(AccessionError.quote(uidText))")
            }
            guard let raw, raw.error == nil, let accessionText = raw.accession,
                let accession = try? Accession(parsing: accessionText, as: .series),
                (raw.entrytype ?? "GSE").uppercased() == "GSE"
            else {
                skipped.append(uid)
                continue
            }
            series.append(
                SeriesSummary(
                    uid: uid, accession: accession, title: raw.title ?? "", summary: raw.summary,
                    entryType: raw.entrytype ?? "GSE", sampleCount: raw.n_samples?.value, publicationDate: raw.pdat,
                    taxon: raw.taxon, platforms: raw.gpl, sampleAccessions: (raw.samples ?? []).compactMap(\.accession),
                    ftpLink: raw.ftplink))
        }
        return ESummaryResult(series: series, skippedUIDs: skipped)
    }

    private struct Envelope: Decodable {
        var result: Result?
        var error: String?
    }

    /// `result`: a `uids` list plus one object per UID, keyed by the UID.
    private struct Result: Decodable {
        var entries: [(String, RawSummary?)]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: DynamicKey.self)
            let uids = try container.decode([String].self, forKey: DynamicKey("uids"))
            entries = uids.map { uid in (uid, try? container.decode(RawSummary.self, forKey: DynamicKey(uid))) }
        }
    }

    private struct RawSummary: Decodable {
        var accession: String?
        var title: String?
        var summary: String?
        var entrytype: String?
        var n_samples: LenientInt?
        var pdat: String?
        var taxon: String?
        var gpl: String?
        var samples: [RawSample]?
        var ftplink: String?
        var error: String?
    }

    private struct RawSample: Decodable {
        var accession: String?
    }

    private struct DynamicKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
