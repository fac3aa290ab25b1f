import Foundation
import GeoloopGEO
import GeoloopTestSupport
import Testing

@Suite struct ClientSearchTests {
    static func page(count: Int, retstart: Int, uids: [Int]) -> ResponseScript {
        let list = uids.map { "\"\($0)\"" }.joined(separator: ",")
        return .text(
            #"{"header":{"type":"esearch","version":"0.3"},"esearchresult":{"count":"\#(count)","retmax":"\#(uids.count)","#
                + #""retstart":"\#(retstart)","idlist":[\#(list)]}}"#)
    }

    @Test func searchPagesThroughESearchAndCarriesTheIdentity() async throws {
        let harness = try ClientHarness()
        let client = try harness.client {
            $0.endpoints.apiKey = "SECRETKEY123"
        }
        harness.server.setRoute(
            "/eutils/esearch.fcgi",
            sequence: [
                Self.page(count: 5, retstart: 0, uids: [200100494, 200000007]),
                Self.page(count: 5, retstart: 2, uids: [200001563, 100000001]),
                Self.page(count: 5, retstart: 4, uids: [200000042]),
            ])

        let found = try await client.search("diabetes", pageSize: 2)

        #expect(found.map(\.description) == ["GSE100494", "GSE7", "GSE1563", "GSE42"])
        let queries = harness.server.requests.compactMap(\.query)
        #expect(queries.count == 3)
        for (index, query) in queries.enumerated() {
            #expect(query.contains("db=gds"))
            #expect(query.contains("term=diabetes%20AND%20gse%5BETYP%5D"))
            #expect(query.contains("retstart=\(index * 2)"))
            #expect(query.contains("tool=geoloop"))
            #expect(query.contains("email=tests%40example.org"))
            #expect(query.contains("api_key=SECRETKEY123"))
        }
        await harness.finish(client)
    }

    @Test func searchStopsAtTheLimitAndSummariesDecode() async throws {
        let harness = try ClientHarness()
        let client = try harness.client()
        harness.server.setRoute(
            "/eutils/esearch.fcgi", Self.page(count: 1000, retstart: 0, uids: [200100494, 200000007, 200000042]))
        harness.server.setRoute(
            "/eutils/esummary.fcgi",
            .text(
                #"{"result":{"uids":["200100494"],"200100494":{"accession":"GSE100494","entrytype":"GSE","#
                    + #""title":"A study","n_samples":12,"pdat":"2017/06/28"}}}"#))

        let found = try await client.search("cancer", max: 3)
        let summaries = try await client.summaries(Array(found.prefix(1)))

        #expect(found.map(\.description) == ["GSE100494", "GSE7", "GSE42"])
        #expect(harness.server.requestCount(path: "/eutils/esearch.fcgi") == 1)
        #expect(summaries.map(\.title) == ["A study"])
        #expect(summaries.first?.sampleCount == 12)
        #expect(summaries.first?.publicationDate == "2017/06/28")
        await harness.finish(client)
    }

    @Test func aFailedSearchNamesTheURLWithTheKeyRedacted() async throws {
        let harness = try ClientHarness()
        let client = try harness.client { $0.endpoints.apiKey = "SECRETKEY123" }
        harness.server.setRoute("/eutils/esearch.fcgi", .status(400))

        await #expect {
            _ = try await client.search("x")
        } throws: { error in
            let text = "\(error)"
            return text.contains("esearch.fcgi") && !text.contains("SECRETKEY123") && text.contains("api_key=***")
        }
        await harness.finish(client)
    }
}
