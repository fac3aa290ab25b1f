import Foundation
import Testing

@testable import GeoloopTestSupport

@Test func sequenceRoutesAnswerInOrderAndRepeatTheLast() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    server.setRoute("/flaky", sequence: [.serviceUnavailable(retryAfter: "2"), .serviceUnavailable(), .text("done")])
    let connection = try RawHTTPConnection(port: server.port)

    let statuses = try (0..<4).map { _ in try connection.request("/flaky?attempt").status }
    let first = server.requests[0]

    #expect(statuses == [503, 503, 200, 200])
    #expect(first.status == 503)
    #expect(server.requestCount(path: "/flaky") == 4)
}

@Test func retryAfterAndRedirectHeadersAreSent() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    server.setRoute("/busy", .serviceUnavailable(retryAfter: "120"))
    server.setRoute("/old", .redirect("/new"))
    let connection = try RawHTTPConnection(port: server.port)

    let busy = try connection.request("/busy")
    let old = try connection.request("/old")

    #expect(busy.header("Retry-After") == "120")
    #expect(old.status == 302)
    #expect(old.header("Location") == "/new")
}

@Test func generatedBodiesAreDeterministicAndRangeable() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    server.setRoute("/gen", .generated(count: 1_000_003, seed: 42))
    let expected = ResponseScript.Body.generatedBytes(count: 1_000_003, seed: 42)
    let connection = try RawHTTPConnection(port: server.port)

    let whole = try connection.request("/gen")
    let part = try connection.request("/gen", headers: ["Range: bytes=999-1012"])

    #expect(whole.body == expected)
    #expect(part.body == Array(expected[999...1012]))
    #expect(expected != ResponseScript.Body.generatedBytes(count: 1_000_003, seed: 43))
}

@Test func closeAfterBodyBytesCutsTheBody() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    server.setRoute("/cut", ResponseScript(body: .generated(count: 100_000, seed: 1), closeAfterBodyBytes: 1000))
    let connection = try RawHTTPConnection(port: server.port)

    let response = try connection.request("/cut")

    #expect(response.header("Content-Length") == "100000")
    #expect(!response.complete)
    #expect(response.body == Array(ResponseScript.Body.generatedBytes(count: 1000, seed: 1)))
}

@Test func contentLengthOverrideLies() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    server.setRoute("/liar", ResponseScript(body: .text("abc"), contentLengthOverride: 10))
    let connection = try RawHTTPConnection(port: server.port)

    let response = try connection.request("/liar")

    #expect(response.header("Content-Length") == "10")
    #expect(response.body == Array("abc".utf8))
    #expect(!response.complete)
}

@Test func gzipBodiesInflateToTheOriginal() throws {
    let dir = try ServedDirectory()
    let server = try TestHTTPServer(root: dir.url)
    defer { server.stop() }
    let text = String(repeating: "!Sample_title = liver, replicate 1\n", count: 2000)
    server.setRoute("/soft", ResponseScript(body: .text(text), gzip: true))
    server.setRoute("/big.gz", ResponseScript(body: .fromRoot, gzip: true))
    let connection = try RawHTTPConnection(port: server.port)

    let soft = try connection.request("/soft", headers: ["Range: bytes=0-9"])
    let file = try connection.request("/big.gz")

    #expect(soft.status == 200)
    #expect(soft.header("Content-Encoding") == "gzip")
    #expect(soft.body.count < text.utf8.count / 10)
    #expect(Gzip.decompress(soft.body) == Array(text.utf8))
    #expect(Gzip.decompress(file.body) == dir.big)
}

@Test func honourRangeFalseSendsTheWholeBody() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    server.setRoute("/plain", ResponseScript(body: .text("0123456789"), honourRange: false))
    let connection = try RawHTTPConnection(port: server.port)

    let response = try connection.request("/plain", headers: ["Range: bytes=2-3"])

    #expect(response.status == 200)
    #expect(response.header("Accept-Ranges") == nil)
    #expect(String(decoding: response.body, as: UTF8.self) == "0123456789")
}

@Test func throttledBodiesArriveWhole() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    server.setProfile(ServingProfile(delayBeforeFirstByte: .milliseconds(5), bytesPerSecond: 2_000_000))
    server.setRoute("/slow", ResponseScript(body: .generated(count: 200_000, seed: 9), bytesPerSecond: 1_000_000))
    let connection = try RawHTTPConnection(port: server.port)

    let response = try connection.request("/slow")

    #expect(response.body == ResponseScript.Body.generatedBytes(count: 200_000, seed: 9))
}

@Test func endlessBodiesRunUntilTheClientLeaves() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    server.setRoute("/forever", ResponseScript(body: .endless))
    let connection = try RawHTTPConnection(port: server.port)

    try connection.send("GET /forever HTTP/1.1\r\nHost: x\r\n\r\n")
    let response = try connection.readResponse(maxBody: 500_000)

    #expect(response.header("Content-Length") == nil)
    #expect(response.header("Connection") == "close")
    #expect(response.body.count == 500_000)
}

@Test func theRateLimitAnswers429WithRetryAfter() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    server.setDefault(.text("ok"))
    server.setRateLimit(requestsPerSecond: 0.0001, retryAfterSeconds: 7)
    let connection = try RawHTTPConnection(port: server.port)

    let first = try connection.request("/a")
    let second = try connection.request("/b")
    server.setRateLimit(requestsPerSecond: nil, retryAfterSeconds: 0)
    let third = try connection.request("/c")

    #expect(first.status == 200)
    #expect(second.status == 429)
    #expect(second.header("Retry-After") == "7")
    #expect(third.status == 200)
}

@Test func scriptedFilesAndUnreadableFiles() throws {
    let dir = try ServedDirectory()
    let server = try TestHTTPServer()
    defer { server.stop() }
    server.setRoute("/f", .file(dir.url.appendingPathComponent("big.gz")))
    server.setRoute("/missing", .file(dir.url.appendingPathComponent("nope")))
    let connection = try RawHTTPConnection(port: server.port)

    #expect(try connection.request("/f").body == dir.big)
    #expect(try connection.request("/missing").status == 404)
}

@Test func settingARouteAgainRestartsItsSequence() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    server.setRoute("/x", sequence: [.status(500), .text("ok")])
    let connection = try RawHTTPConnection(port: server.port)
    let before = try (0..<2).map { _ in try connection.request("/x").status }

    server.setRoute("/x", sequence: [.status(502), .text("ok")])
    let after = try (0..<2).map { _ in try connection.request("/x").status }

    #expect(before == [500, 200])
    #expect(after == [502, 200])
    #expect(server.requestCount(path: "/x") == 4)
}
