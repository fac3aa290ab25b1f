import Foundation

/// A parsed request head.
struct HTTPRequestHead {
    var method: String
    var path: String
    var query: String?
    var minorVersion: Int
    var headers: [(name: String, value: String)]

    func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// Whether the client wants the connection kept after this exchange.
    var wantsKeepAlive: Bool {
        let tokens = (header("Connection") ?? "").lowercased().split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        if tokens.contains("close") { return false }
        return minorVersion >= 1 || tokens.contains("keep-alive")
    }
}

/// Finds and parses one request head at the start of a byte buffer; tolerant of nothing.
enum HTTPRequestParser {
    /// Longest request line accepted.
    static let maxRequestLine = 8 * 1024
    /// Longest head (request line and header fields) accepted.
    static let maxHead = 32 * 1024

    enum Outcome {
        /// More bytes are needed.
        case incomplete
        /// A request head and how many buffer bytes it used.
        case request(HTTPRequestHead, consumed: Int)
        /// Not HTTP we accept: answer with this status and close.
        case invalid(status: Int, reason: String)
    }

    static func parse(_ buffer: [UInt8]) -> Outcome {
        guard let end = headEnd(buffer) else {
            if let firstLine = buffer.firstIndex(of: UInt8(ascii: "\n")), firstLine > maxRequestLine {
                return .invalid(status: 400, reason: "request line too long")
            }
            if buffer.firstIndex(of: UInt8(ascii: "\n")) == nil && buffer.count > maxRequestLine {
                return .invalid(status: 400, reason: "request line too long")
            }
            if buffer.count > maxHead { return .invalid(status: 431, reason: "request head too large") }
            return .incomplete
        }
        guard end <= maxHead else { return .invalid(status: 431, reason: "request head too large") }
        guard let text = String(validating: buffer[0..<end], as: UTF8.self) else {
            return .invalid(status: 400, reason: "request head is not UTF-8")
        }
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        while lines.last == "" { lines.removeLast() }
        guard let requestLine = lines.first, requestLine.utf8.count <= maxRequestLine else {
            return .invalid(status: 400, reason: "request line too long")
        }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter && $0.isUppercase }) else {
            return .invalid(status: 400, reason: "malformed request line")
        }
        guard parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0" else {
            return .invalid(status: 400, reason: "unsupported protocol version")
        }
        guard var target = Optional(String(parts[1])), !target.isEmpty else {
            return .invalid(status: 400, reason: "empty request target")
        }
        if target.hasPrefix("http://") {
            let rest = target.dropFirst("http://".count)
            target = rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
        }
        guard target.hasPrefix("/"),
            !target.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 32 } ?? false })
        else {
            return .invalid(status: 400, reason: "request target must be an absolute path")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else {
                return .invalid(status: 400, reason: "header line without a colon")
            }
            let name = line[..<colon]
            guard !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "\t" }) else {
                return .invalid(status: 400, reason: "malformed header name")
            }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append((String(name), value))
        }
        let query = target.firstIndex(of: "?").map { String(target[target.index(after: $0)...]) }
        let path = target.firstIndex(of: "?").map { String(target[..<$0]) } ?? target
        let head = HTTPRequestHead(
            method: String(parts[0]), path: path, query: query, minorVersion: parts[2] == "HTTP/1.1" ? 1 : 0,
            headers: headers)
        return .request(head, consumed: end + 4)
    }

    /// The index of the CRLFCRLF ending the head, if present.
    private static func headEnd(_ buffer: [UInt8]) -> Int? {
        guard buffer.count >= 4 else { return nil }
        var index = 0
        while index + 3 < buffer.count {
            if buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
                return index
            }
            index += 1
        }
        return nil
    }
}
