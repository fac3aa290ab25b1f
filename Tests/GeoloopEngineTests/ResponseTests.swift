import Foundation
import GeoloopEngine
import GeoloopTestSupport
import Testing

@Suite struct ResponseTests {
    @Test func reportsStatusHeadersAndTimings() async throws {
        try await withScriptedServer { server in
            server.setRoute(
                "/data.gz",
                ResponseScript(
                    headers: [
                        ("Content-Type", "application/gzip"), ("ETag", "\"abc\""),
                        ("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT"),
                    ],
                    body: .text("hello, world\n"), gzip: true))
            try await withCheckedEngine { engine in
                let response = try await engine.perform(TransferRequest(url: server.baseURL + "/data.gz"))
                #expect(response.status == 200)
                #expect(response.headers.contentEncoding == "gzip")
                #expect(response.headers.contentType == "application/gzip")
                #expect(response.headers.etag == "\"abc\"")
                #expect(response.headers.lastModified == "Tue, 01 Dec 2026 10:00:00 GMT")
                #expect(response.headers.contentLength == Int64(response.body.count))
                // No Accept-Encoding by default: the gzip bytes arrive as served.
                #expect(Array(response.body.prefix(2)) == [0x1f, 0x8b])
                #expect(server.requests.last?.header("Accept-Encoding") == nil)
                #expect(response.httpVersion == "1.1")
                #expect(response.effectiveURL == server.baseURL + "/data.gz")
                #expect(response.bytesReceived == Int64(response.body.count))
                #expect(response.timings.total >= response.timings.firstByte)
                #expect(response.timings.queued >= .zero)
            }
        }
    }

    @Test func optInAcceptEncodingDecodes() async throws {
        try await withScriptedServer { server in
            server.setRoute("/text", ResponseScript(body: .text("plain words\n"), gzip: true))
            try await withCheckedEngine { engine in
                var request = TransferRequest(url: server.baseURL + "/text")
                request.acceptEncoding = ""
                let response = try await engine.perform(request)
                #expect(String(decoding: response.body, as: UTF8.self) == "plain words\n")
            }
        }
    }

    @Test func errorStatusIsAResponseUnlessAskedToFail() async throws {
        try await withScriptedServer { server in
            server.setRoute("/missing", .status(404))
            server.setRoute("/busy", .serviceUnavailable(retryAfter: "120"))
            try await withCheckedEngine { engine in
                let response = try await engine.perform(TransferRequest(url: server.baseURL + "/missing"))
                #expect(response.status == 404)

                var request = TransferRequest(url: server.baseURL + "/busy")
                let busy = try await engine.perform(request)
                #expect(busy.status == 503)
                #expect(busy.headers.retryAfter == "120")

                request.failOnHTTPError = true
                let error = await expectTransferError { try await engine.perform(request) }
                #expect(error?.kind == .httpStatus)
                #expect(error?.status == 503)
                #expect(error?.message.contains(server.baseURL + "/busy") == true)
                #expect(error?.message.contains("503") == true)
            }
        }
    }

    @Test func redirectsKeepOnlyTheLastResponsesHeaders() async throws {
        try await withScriptedServer { server in
            server.setRoute("/old", ResponseScript(status: 301, redirectTo: "/new", retryAfter: "5"))
            server.setRoute("/new", .text("moved here\n"))
            try await withCheckedEngine { engine in
                let response = try await engine.perform(TransferRequest(url: server.baseURL + "/old"))
                #expect(response.status == 200)
                #expect(response.effectiveURL == server.baseURL + "/new")
                #expect(response.headers.retryAfter == nil)
                #expect(String(decoding: response.body, as: UTF8.self) == "moved here\n")
            }
        }
    }

    @Test func byteRangeAsksForPartOfTheBody() async throws {
        try await withScriptedServer { server in
            server.setRoute("/blob", .generated(count: 10_000, seed: 3))
            try await withCheckedEngine { engine in
                var request = TransferRequest(url: server.baseURL + "/blob")
                request.range = ByteRange(start: 100, end: 199)
                let response = try await engine.perform(request)
                let whole = ResponseScript.Body.generatedBytes(count: 10_000, seed: 3)
                #expect(response.status == 206)
                #expect(response.body == Array(whole[100...199]))
                #expect(response.headers.contentRange == "bytes 100-199/10000")
            }
        }
    }

    @Test func requestHeadersAreSent() async throws {
        try await withScriptedServer { server in
            server.setRoute("/h", .text("ok"))
            try await withCheckedEngine { engine in
                var request = TransferRequest(url: server.baseURL + "/h")
                request.headers = [("X-Geoloop-Test", "yes")]
                _ = try await engine.perform(request)
                #expect(server.requests.last?.header("X-Geoloop-Test") == "yes")
                #expect(server.requests.last?.header("User-Agent") == engine.configuration.userAgent)
            }
        }
    }
}
