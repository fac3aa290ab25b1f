import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A deliberately tiny HTTP/1.0 client for checking test daemons without the code under test:
/// one request per connection, reads until the server closes.
public enum LoopbackHTTP {
    public struct Response: Sendable {
        public var status: Int
        public var body: [UInt8]
    }

    /// `GET path` from 127.0.0.1:`port`.
    public static func get(port: Int, path: String) throws -> Response {
        let fd = try LoopbackPort.openSocket()
        defer { close(fd) }
        var address = LoopbackPort.loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw LoopbackPort.systemError("connect to 127.0.0.1:\(port)") }

        let request = Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw LoopbackPort.systemError("send to 127.0.0.1:\(port)") }
            sent += n
        }

        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw LoopbackPort.systemError("recv from 127.0.0.1:\(port)") }
            if n == 0 { break }
            received += buffer[0..<n]
        }
        return try parse(received, from: "127.0.0.1:\(port)\(path)")
    }

    static func parse(_ bytes: [UInt8], from source: String) throws -> Response {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let headEnd = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else {
            throw DaemonError(.commandFailed, "\(source) answered without a complete HTTP header")
        }
        let statusLine = String(decoding: bytes[..<headEnd], as: UTF8.self).split(separator: "\r\n").first ?? ""
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw DaemonError(.commandFailed, "\(source) answered with a bad status line '\(statusLine)'")
        }
        return Response(status: status, body: Array(bytes[(headEnd + 4)...]))
    }
}
