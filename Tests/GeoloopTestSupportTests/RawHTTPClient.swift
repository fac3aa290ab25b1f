import Foundation
import Glibc

/// A response as read off the wire by `RawHTTPConnection`.
struct RawResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// False when the connection closed before Content-Length bytes arrived.
    var complete: Bool

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

struct RawClientError: Error, CustomStringConvertible {
    var description: String
}

/// A deliberately small blocking HTTP/1.1 client over one TCP connection, so tests control every
/// byte sent and see every byte received. Reads time out after 10 s rather than hang a test.
final class RawHTTPConnection {
    private let fd: Int32
    private var pending: [UInt8] = []

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawClientError(description: "socket failed") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            throw RawClientError(description: "connect to 127.0.0.1:\(port) failed")
        }
    }

    deinit {
        close(fd)
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let wrote = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard wrote > 0 else { throw RawClientError(description: "send failed") }
            sent += wrote
        }
    }

    /// Sends a GET (or other method) with extra header lines and reads the response.
    func request(
        _ path: String, method: String = "GET", headers: [String] = [], close: Bool = false
    ) throws -> RawResponse {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for line in headers + (close ? ["Connection: close"] : []) { text += line + "\r\n" }
        try send(text + "\r\n")
        return try readResponse(bodyExpected: method != "HEAD")
    }

    /// Reads one response; the body runs to Content-Length, or to the close when there is none.
    func readResponse(bodyExpected: Bool = true, maxBody: Int = .max) throws -> RawResponse {
        while true {
            if let end = headEnd() { return try finishResponse(headLength: end, bodyExpected, maxBody) }
            guard fill() > 0 else { throw RawClientError(description: "closed before a response head") }
        }
    }

    /// Reads until the server closes; returns everything not yet consumed.
    func readToEnd() -> [UInt8] {
        while fill() > 0 {}
        defer { pending = [] }
        return pending
    }

    /// Whether the server has closed the connection (reads until EOF or reset, dropping bytes).
    func serverClosed() -> Bool {
        while true {
            let got = fill()
            if got == 0 || (got < 0 && errno == ECONNRESET) { return true }
            if got < 0 { return false }
            pending.removeAll()
        }
    }

    private func finishResponse(headLength: Int, _ bodyExpected: Bool, _ maxBody: Int) throws -> RawResponse {
        let head = String(decoding: pending[0..<headLength], as: UTF8.self)
        pending.removeFirst(headLength + 4)
        let lines = head.components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw RawClientError(description: "bad status line \(lines[0])")
        }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var response = RawResponse(status: status, headers: headers, body: [], complete: true)
        guard bodyExpected, status != 304, status != 204 else { return response }
        if let length = response.header("Content-Length").flatMap({ Int($0) }) {
            while pending.count < length && fill() > 0 {}
            let take = min(length, pending.count)
            response.body = Array(pending[0..<take])
            pending.removeFirst(take)
            response.complete = take == length
        } else {
            while pending.count < maxBody && fill() > 0 {}
            response.body = Array(pending.prefix(maxBody))
            pending = []
        }
        return response
    }

    private func headEnd() -> Int? {
        guard pending.count >= 4 else { return nil }
        for index in 0...(pending.count - 4)
        where pending[index] == 13 && pending[index + 1] == 10 && pending[index + 2] == 13 && pending[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// Reads what arrives next: >0 bytes, 0 on close, -1 on error or timeout.
    @discardableResult
    private func fill() -> Int {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let got = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if got > 0 { pending.append(contentsOf: chunk[0..<got]) }
        return got
    }
}
