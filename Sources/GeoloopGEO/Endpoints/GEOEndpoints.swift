import Foundation

/// The three NCBI services geoloop talks to, each overridable (a mirror, a test server), and the
/// identity E-utilities asks every client to send.
public struct GEOEndpoints: Hashable, Sendable {
    /// The file tree, default `https://ftp.ncbi.nlm.nih.gov/geo/`.
    public var fileServer: URL
    /// The query CGI, default `https://www.ncbi.nlm.nih.gov/geo/query/acc.cgi`.
    public var accessionQuery: URL
    /// E-utilities, default `https://eutils.ncbi.nlm.nih.gov/entrez/eutils/`.
    public var eutils: URL
    /// Sent as `tool=`.
    public var tool: String
    /// Sent as `email=` when set; NCBI asks for a contact address.
    public var email: String?
    /// Sent as `api_key=` when set; raises E-utilities' limit from 3 to 10 requests per second.
    public var apiKey: String?

    public static let defaultFileServer = URL(string: "https://ftp.ncbi.nlm.nih.gov/geo/")!
    public static let defaultAccessionQuery = URL(string: "https://www.ncbi.nlm.nih.gov/geo/query/acc.cgi")!
    public static let defaultEutils = URL(string: "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/")!

    /// Creates endpoints; every argument defaults to NCBI's.
    public init(
        fileServer: URL = GEOEndpoints.defaultFileServer,
        accessionQuery: URL = GEOEndpoints.defaultAccessionQuery,
        eutils: URL = GEOEndpoints.defaultEutils,
        tool: String = GeoloopGEO.toolName, email: String? = nil, apiKey: String? = nil
    ) {
        self.fileServer = fileServer
        self.accessionQuery = accessionQuery
        self.eutils = eutils
        self.tool = tool
        self.email = email
        self.apiKey = apiKey
    }

    /// The URL of a resource: on the file server, or a query CGI request
    /// (`?acc=GSM1234&targ=self&form=text&view=brief`).
    public func url(for resource: GEOResource) -> URL {
        switch resource.content {
        case .record(let target, let view):
            let query = [
                ("acc", resource.accession.description), ("targ", target.rawValue), ("form", "text"),
                ("view", view.rawValue),
            ]
            return Self.url(accessionQuery.absoluteString, query: query)
        default:
            return URL(string: Self.directory(fileServer) + resource.fileServerPath)!
        }
    }

    /// An esearch request for GEO series matching `query` (`db=gds`, `term=<query> AND gse[ETYP]`,
    /// JSON), one page of `retmax` UIDs from `retstart`.
    public func esearchURL(query: String, retstart: Int = 0, retmax: Int = 500, useHistory: Bool = false) -> URL {
        var items = [
            ("db", "gds"), ("term", "\(query) AND gse[ETYP]"), ("retmode", "json"), ("retstart", String(retstart)),
            ("retmax", String(retmax)),
        ]
        if useHistory { items.append(("usehistory", "y")) }
        return Self.url(Self.directory(eutils) + "esearch.fcgi", query: items + identity)
    }

    /// An esummary request for the given gds UIDs (JSON).
    public func esummaryURL(uids: [Int]) -> URL {
        let items = [("db", "gds"), ("id", uids.map(String.init).joined(separator: ",")), ("retmode", "json")]
        return Self.url(Self.directory(eutils) + "esummary.fcgi", query: items + identity)
    }

    /// An esummary request for one page of a result kept on NCBI's history server.
    public func esummaryURL(webEnv: String, queryKey: String, retstart: Int, retmax: Int) -> URL {
        let items = [
            ("db", "gds"), ("query_key", queryKey), ("WebEnv", webEnv), ("retstart", String(retstart)),
            ("retmax", String(retmax)), ("retmode", "json"),
        ]
        return Self.url(Self.directory(eutils) + "esummary.fcgi", query: items + identity)
    }

    private var identity: [(String, String)] {
        var items = [("tool", tool)]
        if let email, !email.isEmpty { items.append(("email", email)) }
        if let apiKey, !apiKey.isEmpty { items.append(("api_key", apiKey)) }
        return items
    }

    static func directory(_ base: URL) -> String {
        let text = base.absoluteString
        return text.hasSuffix("/") ? text : text + "/"
    }

    static func url(_ base: String, query: [(String, String)]) -> URL {
        let encoded = query.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
        return URL(string: base + "?" + encoded)!
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters (a space becomes `%20`).
    public static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += byte < 16 ? "%0\(hex)" : "%\(hex)"
            }
        }
        return out
    }
}
