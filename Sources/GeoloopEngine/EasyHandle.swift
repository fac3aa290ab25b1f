import CCurl
import CGeoloopShim

/// A libcurl easy handle and its heap-allocated error buffer (libcurl keeps the pointer).
/// Reused across transfers after `curl_easy_reset`. Loop thread only.
struct EasyHandle {
    let curl: UnsafeMutableRawPointer
    let errorBuffer: UnsafeMutablePointer<CChar>

    init() throws(TransferError) {
        guard let curl = curl_easy_init() else {
            throw LibraryFailure.engineError("curl_easy_init failed (out of memory?)")
        }
        self.curl = curl
        errorBuffer = .allocate(capacity: Int(gl_curl_error_size()))
        errorBuffer.initialize(repeating: 0, count: Int(gl_curl_error_size()))
    }

    /// libcurl's text for the last failure, e.g. "Failed to connect to 127.0.0.1 port 9 ...".
    var errorText: String { String(cString: errorBuffer) }

    /// Frees the handle and its buffer.
    func destroy() {
        curl_easy_cleanup(curl)
        errorBuffer.deallocate()
    }

    /// Clears every option so the handle can carry another transfer.
    func reset() {
        curl_easy_reset(curl)
        errorBuffer[0] = 0
    }

    /// Sets every option a transfer needs. `transfer` must stay alive (the engine holds it) until
    /// the handle leaves the multi handle: libcurl gets it as callback userdata.
    func configure(
        for transfer: Transfer, configuration: EngineConfiguration, share: UnsafeMutableRawPointer,
        loop: UnsafeMutableRawPointer
    ) throws(TransferError) {
        let request = transfer.request
        let url = request.url
        let userdata = Unmanaged.passUnretained(transfer).toOpaque()

        // The call's name is only built when a call fails (formatting it is costly).
        func set(_ option: CURLoption, _ value: Int) throws(TransferError) {
            let code = gl_easy_setopt_long(curl, option, value)
            try LibraryFailure.check(code, "curl_easy_setopt(option \(option.rawValue))", url: url)
        }
        func set(_ option: CURLoption, _ value: String) throws(TransferError) {
            let code = value.withCString { gl_easy_setopt_string(curl, option, $0) }
            try LibraryFailure.check(code, "curl_easy_setopt(option \(option.rawValue), \"\(value)\")", url: url)
        }

        try set(CURLOPT_NOSIGNAL, 1)
        // Fewer, larger reads and write callbacks than libcurl's 16 KB default (the curl tool uses the same).
        // libcurl 7.88.1 refuses a new size (CURLE_BAD_FUNCTION_ARGUMENT) while the handle still holds
        // the receive buffer of an earlier transfer that failed in some ways (a refused redirect, a
        // connection dropped before the response); that buffer is at least as large as what libcurl
        // reads after the reset, so the handle is still usable as it is.
        let bufferCode = gl_easy_setopt_long(curl, CURLOPT_BUFFERSIZE, Self.receiveBufferBytes)
        if bufferCode != CURLE_BAD_FUNCTION_ARGUMENT {
            try LibraryFailure.check(bufferCode, "curl_easy_setopt(option \(CURLOPT_BUFFERSIZE.rawValue))", url: url)
        }
        try set(CURLOPT_URL, url)
        try LibraryFailure.check(
            gl_easy_setopt_pointer(curl, CURLOPT_ERRORBUFFER, errorBuffer), "ERRORBUFFER", url: url)
        try LibraryFailure.check(gl_easy_setopt_share(curl, share), "curl_easy_setopt(SHARE)", url: url)
        try LibraryFailure.check(gl_easy_setopt_write_function(curl, bodyCallback), "WRITEFUNCTION", url: url)
        try LibraryFailure.check(gl_easy_setopt_pointer(curl, CURLOPT_WRITEDATA, userdata), "WRITEDATA", url: url)
        try LibraryFailure.check(gl_easy_setopt_header_function(curl, headerCallback), "HEADERFUNCTION", url: url)
        try LibraryFailure.check(gl_easy_setopt_pointer(curl, CURLOPT_HEADERDATA, userdata), "HEADERDATA", url: url)
        // The loop creates and closes the sockets, so it knows when a descriptor stops naming one.
        try LibraryFailure.check(
            gl_easy_setopt_opensocket_function(curl, openSocketCallback), "OPENSOCKETFUNCTION", url: url)
        try LibraryFailure.check(gl_easy_setopt_pointer(curl, CURLOPT_OPENSOCKETDATA, loop), "OPENSOCKETDATA", url: url)
        try LibraryFailure.check(
            gl_easy_setopt_closesocket_function(curl, closeSocketCallback), "CLOSESOCKETFUNCTION", url: url)
        try LibraryFailure.check(
            gl_easy_setopt_pointer(curl, CURLOPT_CLOSESOCKETDATA, loop), "CLOSESOCKETDATA", url: url)

        let protocols = request.protocols.curlList
        try set(CURLOPT_PROTOCOLS_STR, protocols)
        try set(CURLOPT_REDIR_PROTOCOLS_STR, protocols)
        try set(CURLOPT_FOLLOWLOCATION, 1)
        try set(CURLOPT_MAXREDIRS, max(0, request.maxRedirects))
        try set(CURLOPT_USERAGENT, configuration.userAgent)
        try set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout))
        if let stall = request.stall {
            try set(CURLOPT_LOW_SPEED_LIMIT, max(1, stall.minimumBytesPerSecond))
            try set(CURLOPT_LOW_SPEED_TIME, max(1, Int((Self.milliseconds(stall.window) + 999) / 1000)))
        }
        if let deadline = request.deadline {
            try set(CURLOPT_TIMEOUT_MS, max(1, Self.milliseconds(deadline)))
        }
        if let limit = request.maxBodyBytes {
            let code = gl_easy_setopt_off(curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(limit))
            try LibraryFailure.check(code, "curl_easy_setopt(MAXFILESIZE_LARGE)", url: url)
        }
        if let range = request.range {
            try set(CURLOPT_RANGE, range.curlValue)
        }
        if let caFile = request.caFile ?? configuration.caFile {
            try set(CURLOPT_CAINFO, caFile)
        }
        if let encoding = request.acceptEncoding {
            try set(CURLOPT_ACCEPT_ENCODING, encoding)
        }
        if transfer.isHTTPS {
            // Wait for a multiplexable HTTP/2 connection; over HTTP/1 this would serialise transfers.
            try set(CURLOPT_PIPEWAIT, 1)
        }
        if transfer.hostKey.hasPrefix("ftp") {
            // libcurl 7.88.1 can leave a transfer on a reused FTP control connection waiting after
            // EPSV with neither a socket nor a timer to wake it (docs/KNOWN_ISSUES.md): one control
            // connection per FTP transfer.
            try set(CURLOPT_FORBID_REUSE, 1)
        }
        if !request.headers.isEmpty {
            var list: UnsafeMutablePointer<curl_slist>?
            for (name, value) in request.headers {
                guard let appended = curl_slist_append(list, "\(name): \(value)") else {
                    curl_slist_free_all(list)
                    throw LibraryFailure.engineError("curl_slist_append failed for \(url) (out of memory?)")
                }
                list = appended
            }
            transfer.headerList = list
            try LibraryFailure.check(gl_easy_setopt_slist(curl, CURLOPT_HTTPHEADER, list), "HTTPHEADER", url: url)
        }
    }

    static let receiveBufferBytes = 100 * 1024

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
