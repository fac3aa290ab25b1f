import Foundation

/// The local file name for a URL: the last component of its path, percent-decoded. Names that could
/// escape or clobber the output directory are refused with a reason.
enum OutputName {
    static func forURL(_ url: String) -> Result<String, Refusal> {
        guard let components = URLComponents(string: url), let scheme = components.scheme else {
            return .failure(Refusal(reason: "not a valid URL"))
        }
        guard ["http", "https", "ftp"].contains(scheme.lowercased()) else {
            return .failure(Refusal(reason: "the scheme '\(scheme)' is not http, https or ftp"))
        }
        guard components.host?.isEmpty == false else {
            return .failure(Refusal(reason: "the URL names no host"))
        }
        let encoded = components.percentEncodedPath
        let last = encoded.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        guard let name = last.removingPercentEncoding else {
            return .failure(Refusal(reason: "the file name '\(last)' is not valid percent-encoding"))
        }
        if name.isEmpty {
            return .failure(Refusal(reason: "the URL path has no file name (it is empty or ends in '/')"))
        }
        if name == "." || name == ".." || name.contains("/") || name.contains("\0") {
            return .failure(Refusal(reason: "the file name '\(name)' would leave the output directory"))
        }
        return .success(name)
    }

    struct Refusal: Error {
        var reason: String
    }
}
