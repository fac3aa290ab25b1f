import Foundation
import GeoloopTestSupport
import Testing

/// `geoloop search` against a scripted E-utilities server, alone and piped into `geoloop fetch`.
@Suite struct SearchFetchTests {
    /// An E-utilities server whose search finds the fixture's series (and one DataSet UID, which
    /// is not a series and is skipped).
    static func eutils(for fixture: MirrorFixture) throws -> TestHTTPServer {
        let server = try TestHTTPServer()
        let uids = fixture.entries.map { String(200_000_000 + Int($0.accession.dropFirst(3))!) }
        let idlist = (uids + ["100001"]).map { "\"\($0)\"" }.joined(separator: ",")
        server.setRoute(
            "/esearch.fcgi",
            .text(
                #"{"esearchresult":{"count":"\#(uids.count + 1)","retmax":"\#(uids.count + 1)","retstart":"0","idlist":[\#(idlist)]}}"#
            ))
        var summary = #"{"result":{"uids":[\#(uids.map { "\"\($0)\"" }.joined(separator: ","))]"#
        for (uid, entry) in zip(uids, fixture.entries) {
            summary +=
                #","\#(uid)":{"accession":"\#(entry.accession)","title":"Series \#(entry.accession)","entrytype":"GSE","n_samples":\#(entry.sampleCount),"pdat":"2017/06/28"}"#
        }
        server.setRoute("/esummary.fcgi", .text(summary + "}}"))
        return server
    }

    @Test func searchPrintsOneAccessionPerLineAndJSONOnRequest() throws {
        let fixture = try MirrorFixture(series: 3, label: "search")
        defer { fixture.finish() }
        let eutils = try Self.eutils(for: fixture)
        defer { eutils.stop() }
        let environment = ["NCBI_API_KEY": "sekrit-key-123", "NCBI_EMAIL": "me@example.org"]

        let plain = try runGeoloop(
            ["search", "diabetes RNA-seq", "--eutils-url", eutils.baseURL + "/"], environment: environment)
        #expect(plain.status == 0)
        #expect(plain.stdout == fixture.entries.map { $0.accession + "\n" }.joined())
        let query = try #require(eutils.requests.first?.query)
        #expect(query.contains("term=diabetes%20RNA-seq%20AND%20gse%5BETYP%5D"))
        #expect(query.contains("api_key=sekrit-key-123"))
        #expect(query.contains("email=me%40example.org"))

        let json = try runGeoloop(
            ["search", "diabetes", "--json", "--max", "2", "--eutils-url", eutils.baseURL + "/"])
        #expect(json.status == 0)
        let first = fixture.entries[0]
        #expect(
            json.stdout.split(separator: "\n").first
                == #"{"accession":"\#(first.accession)","title":"Series \#(first.accession)","sample_count":\#(first.sampleCount),"date":"2017/06/28"}"#
        )
        #expect(json.stdout.split(separator: "\n").count == 2)
    }

    @Test func aFailedSearchNeverShowsTheAPIKey() throws {
        let eutils = try TestHTTPServer()
        defer { eutils.stop() }
        eutils.setRoute("/esearch.fcgi", .status(400))

        let result = try runGeoloop(
            ["search", "x", "--eutils-url", eutils.baseURL + "/"], environment: ["NCBI_API_KEY": "sekrit-key-123"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("Error: "))
        #expect(result.stderr.contains("api_key=***"))
        #expect(!result.stderr.contains("sekrit"))
        #expect(!result.stdout.contains("sekrit"))
    }

    /// `geoloop search ... | geoloop fetch --input -` through a real pipe between two processes.
    @Test func searchComposesWithFetch() throws {
        let fixture = try MirrorFixture(series: 3, label: "compose")
        defer { fixture.finish() }
        let eutils = try Self.eutils(for: fixture)
        defer { eutils.stop() }

        let search = try geoloopProcess(["search", "diabetes", "--eutils-url", eutils.baseURL + "/"])
        let fetch = try geoloopProcess(["fetch", "--input", "-", "--quiet"] + fixture.fetchOptions)
        let pipe = Pipe()
        let output = Pipe()
        search.standardOutput = pipe
        fetch.standardInput = pipe
        fetch.standardOutput = output
        try search.run()
        try fetch.run()
        try pipe.fileHandleForReading.close()
        try pipe.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        search.waitUntilExit()
        fetch.waitUntilExit()

        #expect(search.terminationStatus == 0)
        #expect(fetch.terminationStatus == 0)
        let accessions = text.split(separator: "\n").compactMap { line -> String? in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["status"] as? String == "ok" ? object?["accession"] as? String : nil
        }
        #expect(Set(accessions) == Set(fixture.entries.map(\.accession)))
        #expect(accessions.count == 3)
    }
}
