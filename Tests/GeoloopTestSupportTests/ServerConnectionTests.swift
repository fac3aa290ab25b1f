import Foundation
import Testing

@testable import GeoloopTestSupport

@Test func keepAliveReusesOneConnection() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    server.setDefault(.text("ok"))
    let connection = try RawHTTPConnection(port: server.port)

    for _ in 0..<3 {
        #expect(try connection.request("/a").status == 200)
    }

    #expect(server.connectionsAccepted == 1)
    #expect(Set(server.requests.map(\.connectionNumber)) == [1])
}

@Test func connectionCloseIsHonoured() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    server.setDefault(.text("bye"))
    let connection = try RawHTTPConnection(port: server.port)

    let response = try connection.request("/a", close: true)

    #expect(response.header("Connection") == "close")
    #expect(connection.serverClosed())
}

@Test func http10ClosesUnlessAskedToKeepAlive() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    server.setDefault(.text("old"))
    let connection = try RawHTTPConnection(port: server.port)

    try connection.send("GET /a HTTP/1.0\r\n\r\n")
    let response = try connection.readResponse()

    #expect(response.status == 200)
    #expect(connection.serverClosed())
}

@Test func pipelinedRequestsAreAnsweredInOrder() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    server.setRoute("/one", .text("1"))
    server.setRoute("/two", .text("2"))
    let connection = try RawHTTPConnection(port: server.port)

    try connection.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n")

    #expect(try connection.readResponse().body == Array("1".utf8))
    #expect(try connection.readResponse().body == Array("2".utf8))
}

@Test(arguments: [
    "garbage\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/2.0\r\n\r\n", "GET nopath HTTP/1.1\r\n\r\n",
    "GET / HTTP/1.1\r\nno colon here\r\n\r\n", "\u{1}\u{2}\u{3} / HTTP/1.1\r\n\r\n",
])
func garbageGets400AndClose(_ request: String) throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    let connection = try RawHTTPConnection(port: server.port)

    try connection.send(request)
    let response = try connection.readResponse()

    #expect(response.status == 400)
    #expect(connection.serverClosed())
    #expect(server.requests.isEmpty)
}

@Test func oversizedHeadsAreRefused() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    let longLine = try RawHTTPConnection(port: server.port)
    let manyHeaders = try RawHTTPConnection(port: server.port)

    try longLine.send("GET /" + String(repeating: "a", count: 20_000) + " HTTP/1.1\r\n\r\n")
    try manyHeaders.send(
        "GET / HTTP/1.1\r\n" + String(repeating: "X-Filler: 0123456789012345678901234\r\n", count: 2000))

    #expect(try longLine.readResponse().status == 400)
    #expect(try manyHeaders.readResponse().status == 431)
    #expect(longLine.serverClosed())
    #expect(manyHeaders.serverClosed())
}

@Test func otherMethodsGet405() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    let connection = try RawHTTPConnection(port: server.port)

    let response = try connection.request("/x", method: "POST", headers: ["Content-Length: 0"])

    #expect(response.status == 405)
    #expect(response.header("Allow") == "GET, HEAD")
}

@Test func requestsAreRecorded() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    server.setRoute("/gone", .status(410))
    let connection = try RawHTTPConnection(port: server.port)

    _ = try connection.request("/gone?acc=GSE1&x=2", headers: ["X-Trace: abc"])
    _ = try connection.request("/missing", method: "HEAD")

    let recorded = server.requests
    #expect(recorded.count == 2)
    #expect(recorded[0].method == "GET")
    #expect(recorded[0].path == "/gone")
    #expect(recorded[0].query == "acc=GSE1&x=2")
    #expect(recorded[0].header("x-trace") == "abc")
    #expect(recorded[0].status == 410)
    #expect(recorded[1].method == "HEAD")
    #expect(recorded[1].status == 404)
    #expect(recorded[0].received <= recorded[1].received)
    #expect(server.requestCount(path: "/gone") == 1)
    #expect(server.requestCount(path: "/never") == 0)
}

@Test func manyConcurrentConnectionsAreServed() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    server.setDefault(.generated(count: 20_000, seed: 3))
    let expected = ResponseScript.Body.generatedBytes(count: 20_000, seed: 3)
    let connections = try (0..<130).map { _ in try RawHTTPConnection(port: server.port) }

    for (index, connection) in connections.enumerated() {
        try connection.send("GET /file\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
    }
    let bodies = try connections.map { try $0.readResponse().body }

    #expect(bodies.allSatisfy { $0 == expected })
    #expect(server.connectionsAccepted == 130)
    #expect(server.openConnections == 130)
}

@Test func stopClosesEveryConnectionAndIsIdempotent() throws {
    let server = try TestHTTPServer()
    server.setRoute("/silent", .silence)
    server.setRoute("/slow", ResponseScript(body: .text("late"), delayBeforeFirstByte: .seconds(3600)))
    server.setDefault(.text("ok"))
    let silent = try RawHTTPConnection(port: server.port)
    let slow = try RawHTTPConnection(port: server.port)
    let idle = try RawHTTPConnection(port: server.port)
    _ = try idle.request("/idle")

    try silent.send("GET /silent HTTP/1.1\r\nHost: x\r\n\r\n")
    try slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
    #expect(server.waitForRequests(count: 3))
    server.stop()
    server.stop()

    #expect(server.openConnections == 0)
    #expect(silent.serverClosed())
    #expect(slow.serverClosed())
    #expect(idle.serverClosed())
    #expect(server.requests.first { $0.path == "/silent" }?.status == nil)
}

@Test func aFixedPortCanBeChosen() throws {
    let first = try TestHTTPServer()
    let port = first.port
    first.stop()

    let second = try TestHTTPServer(port: port)
    defer { second.stop() }

    #expect(second.port == port)
    #expect(second.baseURL == "http://127.0.0.1:\(port)")
}

@Test func aMissingRootIsAClearError() {
    #expect(throws: TestHTTPServerError.self) {
        _ = try TestHTTPServer(root: URL(fileURLWithPath: "/no/such/geoloop/dir"))
    }
}

@Test func stopEndsManyConnectionsWaitingOnTheDistantProfile() throws {
    let server = try TestHTTPServer()
    server.setProfile(.distant)
    server.setDefault(ResponseScript(body: .text("far"), delayBeforeFirstByte: .seconds(3600)))
    let connections = try (0..<130).map { _ in try RawHTTPConnection(port: server.port) }

    for connection in connections {
        try connection.send("GET /far HTTP/1.1\r\nHost: x\r\n\r\n")
    }
    #expect(server.waitForRequests(count: 130, path: "/far"))
    #expect(server.openConnections == 130)
    server.stop()

    #expect(server.openConnections == 0)
    #expect(connections.allSatisfy { $0.serverClosed() })
}

@Test func closedClientConnectionsAreCounted() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    server.setDefault(.text("ok"))
    var connection: RawHTTPConnection? = try RawHTTPConnection(port: server.port)
    _ = try connection?.request("/a")
    #expect(server.openConnections == 1)

    connection = nil

    #expect(server.waitForOpenConnections(atMost: 0))
    #expect(server.url("/a b?x=1").absoluteString == "\(server.baseURL)/a%20b?x=1")
}

@Test func recordingCanBeTurnedOffWhileCountsGoOn() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }
    server.setDefault(.text("ok"))
    let connection = try RawHTTPConnection(port: server.port)
    _ = try connection.request("/kept")

    server.setRecordingRequests(false)
    _ = try connection.request("/dropped")
    _ = try connection.request("/dropped")

    #expect(server.requests.map(\.path) == ["/kept"])
    #expect(server.totalRequests == 3)
    #expect(server.requestCount(path: "/dropped") == 2)
    #expect(server.waitForRequests(count: 3))
}
