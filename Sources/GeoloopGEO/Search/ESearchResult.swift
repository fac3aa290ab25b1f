import Foundation

/// One page of an esearch answer for `db=gds`.
public struct ESearchResult: Hashable, Sendable {
    /// Records matching the query in all.
    public let count: Int
    /// The page size asked for.
    public let retmax: Int
    /// The page's first index.
    public let retstart: Int
    /// The page's gds UIDs, in NCBI's order.
    public let uids: [Int]
    /// The history server's query key, with `usehistory=y`.
    public let queryKey: String?
    /// The history server's session, with `usehistory=y`.
    public let webEnv: String?

    /// The page's series, in order; UIDs outside the series range are skipped.
    public var seriesAccessions: [Accession] { uids.compactMap(GDSIdentifiers.series(forUID:)) }

    /// Decodes `{"esearchresult":{"count":"...","retmax":"...","retstart":"...","idlist":[...]}}`
    /// (numbers arrive as strings), or reports the error NCBI sent instead.
    public static func decode(_ body: Data) throws(EUtilitiesError) -> ESearchResult {
        let envelope = try EUtilitiesJSON.decode(Envelope.self, from: body, what: "esearch")
        guard let result = envelope.esearchresult else {
            throw EUtilitiesJSON.serviceError(envelope.error, what: "esearch", body: body)
        }
        if let message = result.ERROR {
            throw EUtilitiesError(kind: .serviceError, message: "esearch reported an error: \(message)")
        }
        guard let count = result.count?.value, let uids = result.idlist else {
            throw EUtilitiesError(kind: .malformed, message: "esearch answer has no count or idlist")
        }
        var numbers: [Int] = []
        for id in uids {
            guard let uid = Int(id), uid > 0 else {
                throw EUtilitiesError(
                    kind: .malformed,
                    message: "esearch answer has a UID that is not a number: \(AccessionError.quote(id))")
            }
            numbers.append(uid)
        }
        return ESearchResult(
            count: count, retmax: result.retmax?.value ?? numbers.count, retstart: result.retstart?.value ?? 0,
            uids: numbers, queryKey: result.querykey, webEnv: result.webenv)
    }

    private struct Envelope: Decodable {
        var esearchresult: Result?
        var error: String?
    }

    private struct Result: Decodable {
        var count: LenientInt?
        var retmax: LenientInt?
        var retstart: LenientInt?
        var idlist: [String]?
        var querykey: String?
        var webenv: String?
        var ERROR: String?
    }
}

/// Shared decoding helpers for E-utilities JSON.
enum EUtilitiesJSON {
    static func decode<T: Decodable>(_ type: T.Type, from body: Data, what: String) throws(EUtilitiesError) -> T {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch {
            let start = String(decoding: body.prefix(60), as: UTF8.self)
            throw EUtilitiesError(
                kind: .malformed,
                message: "\(what) answer is not the expected JSON (it starts \(AccessionError.quote(start))): \(error)")
        }
    }

    static func serviceError(_ error: String?, what: String, body: Data) -> EUtilitiesError {
        guard let error else {
            return EUtilitiesError(kind: .malformed, message: "\(what) answer has no result")
        }
        if error.lowercased().contains("rate limit") {
            return EUtilitiesError(
                kind: .rateLimited,
                message: "\(what): NCBI says \(AccessionError.quote(error)); slow down or set NCBI_API_KEY")
        }
        return EUtilitiesError(kind: .serviceError, message: "\(what) reported an error: \(error)")
    }
}

/// An integer E-utilities may send as a JSON number or as a string of digits.
struct LenientInt: Decodable, Hashable {
    let value: Int

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            value = number
        } else if let text = try? container.decode(String.self), let number = Int(text) {
            value = number
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an integer")
        }
    }
}
