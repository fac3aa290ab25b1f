import CCurl
import CGeoloopShim
import CUV

/// The one funnel that turns libcurl and libuv return codes into ``TransferError``s carrying the
/// call's name and the library's own message.
enum LibraryFailure {
    /// Throws unless `code` is `CURLE_OK`.
    static func check(_ code: CURLcode, _ call: @autoclosure () -> String, url: String) throws(TransferError) {
        guard code != CURLE_OK else { return }
        let subject = url.isEmpty ? "" : " for \(url)"
        throw TransferError(
            kind: .other, message: "\(call()) failed\(subject): \(String(cString: curl_easy_strerror(code)))",
            url: url, curlCode: Int(code.rawValue))
    }

    /// Throws unless `code` is `CURLM_OK`.
    static func check(_ code: CURLMcode, _ call: @autoclosure () -> String) throws(TransferError) {
        guard code != CURLM_OK else { return }
        throw engineError("\(call()) failed: \(String(cString: curl_multi_strerror(code)))")
    }

    /// Throws unless `code` is `CURLSHE_OK`.
    static func check(_ code: CURLSHcode, _ call: @autoclosure () -> String) throws(TransferError) {
        guard code != CURLSHE_OK else { return }
        throw engineError("\(call()) failed: \(String(cString: curl_share_strerror(code)))")
    }

    /// Throws unless the libuv status is 0 or positive.
    static func check(uv status: Int32, _ call: String) throws(TransferError) {
        guard status < 0 else { return }
        throw engineError("\(call) failed: \(uvMessage(status))")
    }

    /// libuv's name and description of a negative status, e.g. "EEXIST (file already exists)".
    static func uvMessage(_ status: Int32) -> String {
        "\(String(cString: uv_err_name(status))) (\(String(cString: uv_strerror(status))))"
    }

    /// A failure of the engine itself, not tied to one URL.
    static func engineError(_ text: String) -> TransferError {
        TransferError(kind: .other, message: "transfer engine: \(text)", url: "")
    }

    /// Stops the process on a libcurl or libuv failure that means the engine's own bookkeeping is
    /// wrong (not something a caller or a server can cause).
    static func engineBug(_ text: String, file: StaticString = #file, line: UInt = #line) -> Never {
        fatalError("geoloop transfer engine bug: \(text)", file: file, line: line)
    }

    /// The error for a transfer libcurl finished with `code`; `detail` is the easy handle's error
    /// buffer, which names the host, port or limit involved.
    /// `hasDeadline` tells a total-deadline timeout from a connect timeout when libcurl's text
    /// does not.
    static func transferError(code: CURLcode, detail: String, url: String, hasDeadline: Bool) -> TransferError {
        var kind = kind(of: code, detail: detail)
        if kind == .timeout, !hasDeadline {
            kind = .connect  // without a deadline, only the connect timeout ends a transfer this way
        }
        let summary = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        let text = "\(url): \(summary) (curl error \(code.rawValue)). \(advice(for: kind))"
        return TransferError(kind: kind, message: text, url: url, curlCode: Int(code.rawValue))
    }

    static func kind(of code: CURLcode, detail: String) -> TransferError.Kind {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .dns
        case CURLE_COULDNT_CONNECT: return .connect
        case CURLE_OPERATION_TIMEDOUT:
            if detail.hasPrefix("Operation too slow") { return .stalled }
            if detail.hasPrefix("Connection timed out") || detail.hasPrefix("Failed to connect") { return .connect }
            if detail.hasPrefix("Resolving timed out") { return .dns }
            return .timeout
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
            CURLE_SSL_ENGINE_INITFAILED, CURLE_USE_SSL_FAILED, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE,
            CURLE_SSL_CLIENTCERT:
            return .tls
        case CURLE_FILESIZE_EXCEEDED: return .tooLarge
        case CURLE_UNSUPPORTED_PROTOCOL: return .protocolRefused
        case CURLE_TOO_MANY_REDIRECTS: return .tooManyRedirects
        case CURLE_HTTP_RETURNED_ERROR: return .httpStatus
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_WRITE_ERROR,
            CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_WEIRD_SERVER_REPLY, CURLE_READ_ERROR, CURLE_FILE_COULDNT_READ_FILE,
            CURLE_BAD_CONTENT_ENCODING:
            return .io
        case CURLE_ABORTED_BY_CALLBACK: return .cancelled
        default: return .other
        }
    }

    /// One sentence on what a person can do about a failure of this kind.
    static func advice(for kind: TransferError.Kind) -> String {
        switch kind {
        case .connect: return "Check that the server is up and the host and port are right."
        case .dns: return "Check the host name and that name resolution works on this machine."
        case .tls: return "Check the server's certificate and the CA bundle (caFile)."
        case .timeout: return "The transfer ran past its deadline; raise the deadline or retry later."
        case .stalled: return "The server stopped sending; retry later or widen the stall window."
        case .tooLarge: return "The body is larger than maxBodyBytes; raise the limit if it is expected."
        case .protocolRefused: return "Use an allowed scheme or add it to the request's protocols."
        case .tooManyRedirects: return "The server redirects in a loop or too often; raise maxRedirects if expected."
        case .httpStatus: return "The server refused the request; check the URL."
        case .cancelled: return "The transfer was cancelled."
        case .shutdown: return "The engine was shut down; create a new one to continue."
        case .io: return "The connection or the body was cut short; retrying usually helps."
        case .other: return "See libcurl's message above."
        }
    }
}
