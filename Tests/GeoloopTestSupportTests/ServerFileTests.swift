import Foundation
import Testing

@testable import GeoloopTestSupport

/// A temporary directory with a few files, removed when the value is released.
final class ServedDirectory {
    let url: URL
    let big: [UInt8]

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("geoloop-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: url.appendingPathComponent("sub"), withIntermediateDirectories: true)
        big = GeneratedBytes.bytes(count: 300_000, seed: 7)
        try Data(big).write(to: url.appendingPathComponent("big.gz"))
        try Data("hello, GEO\n".utf8).write(to: url.appendingPathComponent("sub/hello.txt"))
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

@Test func servesFilesByteExactWithTypesAndLength() throws {
    let dir = try ServedDirectory()
    let server = try TestHTTPServer(root: dir.url)
    defer { server.stop() }
    let connection = try RawHTTPConnection(port: server.port)

    let big = try connection.request("/big.gz")
    #expect(big.status == 200)
    #expect(big.body == dir.big)
    #expect(big.header("Content-Length") == "300000")
    #expect(big.header("Content-Type") == "application/octet-stream")
    #expect(big.header("Accept-Ranges") == "bytes")
    #expect(big.header("ETag") != nil)
    #expect(big.header("Last-Modified")?.hasSuffix(" GMT") == true)

    let text = try connection.request("/sub/hello.txt")
    #expect(text.header("Content-Type") == "text/plain")
    #expect(String(decoding: text.body, as: UTF8.self) == "hello, GEO\n")
}

@Test func servesARealGEOFamilyFileByteExact() throws {
    let server = try TestHTTPServer(root: SharedData.geoDirectory)
    defer { server.stop() }
    let expected = try [UInt8](
        Data(contentsOf: SharedData.geoDirectory.appendingPathComponent("GSE105845_family.soft")))

    let response = try RawHTTPConnection(port: server.port).request("/GSE105845_family.soft")

    #expect(response.status == 200)
    #expect(response.header("Content-Type") == "text/plain")
    #expect(response.body == expected)
}

@Test func missingFilesAndDirectoriesAre404() throws {
    let dir = try ServedDirectory()
    let server = try TestHTTPServer(root: dir.url)
    defer { server.stop() }
    let connection = try RawHTTPConnection(port: server.port)

    #expect(try connection.request("/nope.txt").status == 404)
    #expect(try connection.request("/sub").status == 404)
    #expect(try connection.request("/sub/").status == 404)
    #expect(try connection.request("/sub/hello.txt").status == 200)
}

@Test func withoutARootEveryPathIs404() throws {
    let server = try TestHTTPServer()
    defer { server.stop() }

    #expect(try RawHTTPConnection(port: server.port).request("/anything").status == 404)
}

@Test func pathsLeavingTheRootAreRejected() throws {
    let dir = try ServedDirectory()
    let server = try TestHTTPServer(root: dir.url.appendingPathComponent("sub"))
    defer { server.stop() }

    for path in ["/../big.gz", "/x/../../big.gz", "/%2e%2e/big.gz", "/..%2fbig.gz"] {
        let response = try RawHTTPConnection(port: server.port).request(path)
        #expect(response.status == 400, "\(path)")
        #expect(!response.body.contains(dir.big[0]) || response.body.count < 1000, "\(path)")
    }
}

@Test func symlinksOutOfTheRootAre404() throws {
    let dir = try ServedDirectory()
    try FileManager.default.createSymbolicLink(
        at: dir.url.appendingPathComponent("sub/escape"), withDestinationURL: dir.url.appendingPathComponent("big.gz"))
    let server = try TestHTTPServer(root: dir.url.appendingPathComponent("sub"))
    defer { server.stop() }

    #expect(try RawHTTPConnection(port: server.port).request("/escape").status == 404)
}

@Test func rangeRequestsGet206AndUnsatisfiableGet416() throws {
    let dir = try ServedDirectory()
    let server = try TestHTTPServer(root: dir.url)
    defer { server.stop() }
    let connection = try RawHTTPConnection(port: server.port)

    let middle = try connection.request("/big.gz", headers: ["Range: bytes=10-19"])
    #expect(middle.status == 206)
    #expect(middle.body == Array(dir.big[10...19]))
    #expect(middle.header("Content-Range") == "bytes 10-19/300000")
    #expect(middle.header("Content-Length") == "10")

    let tail = try connection.request("/big.gz", headers: ["Range: bytes=299990-"])
    #expect(tail.status == 206)
    #expect(tail.body == Array(dir.big[299_990...]))

    let suffix = try connection.request("/big.gz", headers: ["Range: bytes=-5"])
    #expect(suffix.body == Array(dir.big[299_995...]))
    #expect(suffix.header("Content-Range") == "bytes 299995-299999/300000")

    let beyond = try connection.request("/big.gz", headers: ["Range: bytes=300000-"])
    #expect(beyond.status == 416)
    #expect(beyond.header("Content-Range") == "bytes */300000")
    #expect(beyond.body.isEmpty)

    let multiple = try connection.request("/big.gz", headers: ["Range: bytes=0-1,5-6"])
    #expect(multiple.status == 200)
    #expect(multiple.body.count == 300_000)
}

@Test func headSendsHeadersButNoBody() throws {
    let dir = try ServedDirectory()
    let server = try TestHTTPServer(root: dir.url)
    defer { server.stop() }
    let connection = try RawHTTPConnection(port: server.port)

    let head = try connection.request("/big.gz", method: "HEAD")
    // The next response on the same connection parses cleanly only if HEAD sent no body bytes.
    let next = try connection.request("/sub/hello.txt")

    #expect(head.status == 200)
    #expect(head.header("Content-Length") == "300000")
    #expect(next.status == 200)
    #expect(String(decoding: next.body, as: UTF8.self) == "hello, GEO\n")
    #expect(server.connectionsAccepted == 1)
}

@Test func conditionalRequestsGet304() throws {
    let dir = try ServedDirectory()
    let server = try TestHTTPServer(root: dir.url)
    defer { server.stop() }
    let connection = try RawHTTPConnection(port: server.port)
    let first = try connection.request("/sub/hello.txt")
    let etag = try #require(first.header("ETag"))
    let modified = try #require(first.header("Last-Modified"))

    let byTag = try connection.request("/sub/hello.txt", headers: ["If-None-Match: \(etag)"])
    let byDate = try connection.request("/sub/hello.txt", headers: ["If-Modified-Since: \(modified)"])
    let otherTag = try connection.request("/sub/hello.txt", headers: ["If-None-Match: \"other\""])
    let earlier = try connection.request(
        "/sub/hello.txt", headers: ["If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT"])

    #expect(byTag.status == 304)
    #expect(byTag.header("ETag") == etag)
    #expect(byDate.status == 304)
    #expect(otherTag.status == 200)
    #expect(earlier.status == 200)
    #expect(earlier.body.count == 11)
}
