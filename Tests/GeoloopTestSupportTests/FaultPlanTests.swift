import Foundation
import Testing

@testable import GeoloopTestSupport

@Test func faultsAreDeterministicAndNearTheirShares() {
    let plan = FaultPlan(seed: 11, status503: 0.1, closeMidBody: 0.05, stall: 0.02)
    var counts: [FaultPlan.Fault: Int] = [:]

    for number in 1...20_000 {
        let fault = plan.fault(path: "/GSE\(number % 500)", requestNumber: number / 500 + 1)
        #expect(fault == plan.fault(path: "/GSE\(number % 500)", requestNumber: number / 500 + 1))
        if let fault { counts[fault, default: 0] += 1 }
    }

    #expect((1600...2400).contains(counts[.status503] ?? 0))
    #expect((700...1300).contains(counts[.closeMidBody] ?? 0))
    #expect((250...550).contains(counts[.stall] ?? 0))
    #expect(counts[.rateLimited429] == nil)
    #expect(
        FaultPlan(seed: 12, status503: 0.5).fault(path: "/a", requestNumber: 1) != nil
            || FaultPlan(seed: 12, status503: 0.5).fault(path: "/a", requestNumber: 2) != nil
            || FaultPlan(seed: 12, status503: 0.5).fault(path: "/a", requestNumber: 3) != nil)
}

@Test func injectedFaultsShapeResponses() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    server.setDefault(.generated(count: 10_000, seed: 5))

    server.setFaults(FaultPlan(seed: 1, status503: 1))
    let unavailable = try RawHTTPConnection(port: server.port).request("/a")
    server.setFaults(FaultPlan(seed: 1, rateLimited429: 1))
    let limited = try RawHTTPConnection(port: server.port).request("/a")
    server.setFaults(FaultPlan(seed: 1, closeMidBody: 1))
    let cut = try RawHTTPConnection(port: server.port).request("/a")
    server.setFaults(FaultPlan(seed: 1, truncatedBody: 1))
    let short = try RawHTTPConnection(port: server.port).request("/a")
    server.setFaults(FaultPlan(seed: 1, dropConnection: 1))
    let dropped = try RawHTTPConnection(port: server.port)
    try dropped.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
    let droppedBytes = dropped.readToEnd()
    server.setFaults(nil)
    let normal = try RawHTTPConnection(port: server.port).request("/a")

    #expect(unavailable.status == 503)
    #expect(limited.status == 429)
    #expect(limited.header("Retry-After") == "1")
    #expect(cut.header("Content-Length") == "10000")
    #expect(!cut.complete && cut.body.count == 5000)
    #expect(short.complete && short.body.count == 5000)
    #expect(droppedBytes.isEmpty)
    #expect(normal.body.count == 10_000)
}

@Test func aStalledResponseEndsWhenTheServerStops() throws {
    let server = try TestHTTPServer()
    server.setDefault(.generated(count: 10_000, seed: 5))
    server.setFaults(FaultPlan(seed: 1, stall: 1))
    let connection = try RawHTTPConnection(port: server.port)

    try connection.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
    #expect(server.waitForRequests(count: 1, path: "/a"))
    server.stop()
    let response = try connection.readResponse()

    #expect(response.header("Content-Length") == "10000")
    #expect(response.body.count == 5000)
    #expect(server.openConnections == 0)
}

@Test func generatedBytesHaveRandomAccess() {
    let whole = GeneratedBytes.bytes(count: 1000, seed: 99)
    var part = [UInt8](repeating: 0, count: 100)

    part.withUnsafeMutableBytes { GeneratedBytes.fill($0, from: 333, seed: 99) }

    #expect(part == Array(whole[333..<433]))
}

@Test func byteRangesParse() {
    #expect(ByteRange.parse("bytes=0-0", length: 10) == .satisfiable(first: 0, last: 0))
    #expect(ByteRange.parse("bytes=5-100", length: 10) == .satisfiable(first: 5, last: 9))
    #expect(ByteRange.parse("bytes=-100", length: 10) == .satisfiable(first: 0, last: 9))
    #expect(ByteRange.parse("bytes=-0", length: 10) == .unsatisfiable)
    #expect(ByteRange.parse("bytes=10-", length: 10) == .unsatisfiable)
    #expect(ByteRange.parse("bytes=5-2", length: 10) == .none)
    #expect(ByteRange.parse("items=0-1", length: 10) == .none)
    #expect(ByteRange.parse("bytes=a-b", length: 10) == .none)
}

@Test func httpDatesRoundTrip() {
    #expect(HTTPDate.format(secondsSinceEpoch: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
    #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
    #expect(HTTPDate.parse("yesterday") == nil)
}
