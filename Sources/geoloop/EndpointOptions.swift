import Foundation
import GeoloopGEO

/// The NCBI identity and endpoints every networked command shares: API key and email from the
/// options, else from `NCBI_API_KEY` and `NCBI_EMAIL`.
enum EndpointOptions {
    static func endpoints(
        apiKey: String?, email: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> GEOEndpoints {
        let key = apiKey ?? environment["NCBI_API_KEY"]
        let address = email ?? environment["NCBI_EMAIL"]
        return GEOEndpoints(
            email: address.flatMap { $0.isEmpty ? nil : $0 }, apiKey: key.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// An http or https URL given to `option`.
    static func url(_ text: String, option: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            url.host != nil
        else {
            throw UsageError(
                message: "'\(text)' is not a valid URL for '\(option)'.",
                hint: "Give an http or https URL, for example '\(option) http://127.0.0.1:8080/'.")
        }
        return url
    }
}
