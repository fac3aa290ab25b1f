import Testing

@testable import GeoloopEngine

@Suite struct TransferPhaseTests {
    @Test func legalTransitions() {
        #expect(TransferPhase.queued.next(on: .admit) == .admitted)
        #expect(TransferPhase.queued.next(on: .cancel) == .cancelled)
        #expect(TransferPhase.queued.next(on: .finish) == .finished)
        #expect(TransferPhase.admitted.next(on: .finish) == .finished)
        #expect(TransferPhase.admitted.next(on: .cancel) == .cancelled)
    }

    @Test func terminalPhasesAcceptNothing() {
        for phase in [TransferPhase.finished, .cancelled] {
            #expect(phase.isTerminal)
            for event in [TransferPhase.Event.admit, .finish, .cancel] {
                #expect(phase.next(on: event) == nil, "\(phase) must not accept \(event)")
            }
        }
        #expect(TransferPhase.admitted.next(on: .admit) == nil)
    }
}

@Suite struct ResponseHeaderParserTests {
    func parse(_ lines: [String]) -> ResponseHeaders {
        var headers = ResponseHeaders()
        for line in lines {
            let bytes = Array(line.utf8)
            bytes.withUnsafeBufferPointer { ResponseHeaderParser.consume($0, into: &headers) }
        }
        return headers
    }

    @Test func namesMatchIgnoringCaseAndValuesAreTrimmed() {
        let headers = parse([
            "HTTP/1.1 200 OK\r\n", "content-TYPE:  text/plain \r\n", "Content-Length: 42\r\n", "ETAG:\t\"x\"\r\n",
            "Content-Encoding: gzip\r\n", "Content-Range: bytes 0-41/100\r\n", "Last-Modified: Mon\r\n",
            "Retry-After: 7\r\n", "X-Other: ignored\r\n", "\r\n",
        ])
        #expect(headers.contentType == "text/plain")
        #expect(headers.contentLength == 42)
        #expect(headers.etag == "\"x\"")
        #expect(headers.contentEncoding == "gzip")
        #expect(headers.contentRange == "bytes 0-41/100")
        #expect(headers.lastModified == "Mon")
        #expect(headers.retryAfter == "7")
    }

    @Test func aNewStatusLineStartsAfresh() {
        let headers = parse([
            "HTTP/1.1 302 Found\r\n", "Retry-After: 9\r\n", "Content-Length: 0\r\n", "\r\n", "HTTP/1.1 200 OK\r\n",
            "Content-Length: 5\r\n", "\r\n",
        ])
        #expect(headers.retryAfter == nil)
        #expect(headers.contentLength == 5)
    }

    @Test func malformedLengthIsIgnored() {
        #expect(parse(["Content-Length: lots\r\n"]).contentLength == nil)
    }
}
