import Foundation
import GeoloopGEO
import Testing

@Suite struct SearchTests {
    @Test func decodesAnESearchPage() throws {
        let body = Data(
            """
            {"header":{"type":"esearch","version":"0.3"},
             "esearchresult":{"count":"1234","retmax":"3","retstart":"500","querykey":"1",
              "webenv":"MCID_6571f0a1","idlist":["200100494","200001563","5027","300001234"],
              "translationset":[],"querytranslation":"diabetes[All Fields] AND gse[ETYP]"}}
            """.utf8)
        let page = try ESearchResult.decode(body)

        #expect(page.count == 1234)
        #expect(page.retmax == 3)
        #expect(page.retstart == 500)
        #expect(page.uids == [200_100_494, 200_001_563, 5027, 300_001_234])
        #expect(page.queryKey == "1")
        #expect(page.webEnv == "MCID_6571f0a1")
        #expect(page.seriesAccessions.map(\.description) == ["GSE100494", "GSE1563"])
    }

    @Test func anEmptySearchHasNoSeries() throws {
        let body = Data(#"{"esearchresult":{"count":"0","retmax":"0","retstart":"0","idlist":[]}}"#.utf8)
        let page = try ESearchResult.decode(body)
        #expect(page.count == 0)
        #expect(page.seriesAccessions.isEmpty)
    }

    @Test func reportsWhatNCBISentInsteadOfAResult() throws {
        let limited = try #require(throws: EUtilitiesError.self) {
            try ESearchResult.decode(
                Data(#"{"error":"API rate limit exceeded","api-key":"10.1.2.3","count":"4","limit":"3"}"#.utf8))
        }
        #expect(limited.kind == .rateLimited)
        #expect(limited.message.contains("NCBI_API_KEY"))

        let invalid = try #require(throws: EUtilitiesError.self) {
            try ESearchResult.decode(Data(#"{"esearchresult":{"ERROR":"Invalid query syntax"}}"#.utf8))
        }
        #expect(invalid.kind == .serviceError)
        #expect(invalid.message.contains("Invalid query syntax"))

        let html = try #require(throws: EUtilitiesError.self) {
            try ESearchResult.decode(Data("<!DOCTYPE html><html>captcha</html>".utf8))
        }
        #expect(html.kind == .malformed)
        #expect(html.message.contains("\"<!DOCTYPE html>"))

        let badUID = try #require(throws: EUtilitiesError.self) {
            try ESearchResult.decode(Data(#"{"esearchresult":{"count":"1","idlist":["2001x"]}}"#.utf8))
        }
        #expect(badUID.kind == .malformed)
    }

    @Test func decodesAnESummaryAnswer() throws {
        let body = Data(
            """
            {"header":{"type":"esummary","version":"0.3"},
             "result":{"uids":["200100494","200999999","5027"],
              "200100494":{"uid":"200100494","accession":"GSE100494","title":"RNA-seq of \\u00dfcells",
                "summary":"We did things.","gpl":"21103","gse":"100494","taxon":"Homo sapiens","entrytype":"GSE",
                "pdat":"2017/06/28","samples":[{"accession":"GSM2684455","title":"a"},{"accession":"GSM2684456","title":"b"}],
                "n_samples":12,"ftplink":"ftp://ftp.ncbi.nlm.nih.gov/geo/series/GSE100nnn/GSE100494/"},
              "200999999":{"uid":"200999999","error":"cannot get document summary"},
              "5027":{"uid":"5027","accession":"GDS5027","title":"a DataSet","entrytype":"GDS","n_samples":"8"}}}
            """.utf8)
        let answer = try ESummaryResult.decode(body)

        #expect(answer.skippedUIDs == [200_999_999, 5027])
        let series = try #require(answer.series.first)
        #expect(answer.series.count == 1)
        #expect(series.uid == 200_100_494)
        #expect(series.accession.description == "GSE100494")
        #expect(series.title == "RNA-seq of ßcells")
        #expect(series.sampleCount == 12)
        #expect(series.publicationDate == "2017/06/28")
        #expect(series.entryType == "GSE")
        #expect(series.taxon == "Homo sapiens")
        #expect(series.sampleAccessions == ["GSM2684455", "GSM2684456"])
        #expect(series.ftpLink == "ftp://ftp.ncbi.nlm.nih.gov/geo/series/GSE100nnn/GSE100494/")
    }

    @Test func anESummaryWithoutResultIsAnError() throws {
        let error = try #require(throws: EUtilitiesError.self) {
            try ESummaryResult.decode(Data(#"{"error":"Invalid uid 12x at position=0"}"#.utf8))
        }
        #expect(error.kind == .serviceError)
        #expect(throws: EUtilitiesError.self) { try ESummaryResult.decode(Data(#"{"result":{}}"#.utf8)) }
    }

    @Test(arguments: [
        (200_000_001, "GSE1"), (200_100_494, "GSE100494"), (299_999_999, "GSE99999999"),
    ])
    func seriesUIDsMapToAccessions(uid: Int, accession: String) throws {
        #expect(GDSIdentifiers.series(forUID: uid)?.description == accession)
        #expect(GDSIdentifiers.uid(of: try Accession(parsing: accession)) == uid)
    }

    @Test(arguments: [0, 5027, 100_000_570, 200_000_000, 300_000_000, 305_123_456, -1])
    func otherUIDRangesAreNotSeries(uid: Int) {
        #expect(GDSIdentifiers.series(forUID: uid) == nil)
    }

    @Test func uidsExistOnlyForSeries() throws {
        #expect(GDSIdentifiers.uid(of: try Accession(parsing: "GSM1")) == nil)
        #expect(GDSIdentifiers.uid(of: try Accession(parsing: "GSE100000000")) == nil)
    }

    @Test func pagingCoversTheResultExactlyOnce() {
        #expect(
            SearchPaging.pages(total: 1234, pageSize: 500) == [
                SearchPage(retstart: 0, retmax: 500), SearchPage(retstart: 500, retmax: 500),
                SearchPage(retstart: 1000, retmax: 234),
            ])
        #expect(SearchPaging.pages(total: 0).isEmpty)
        #expect(SearchPaging.pages(total: 1234, pageSize: 500, limit: 600).map(\.retmax) == [500, 100])
        #expect(SearchPaging.pages(total: 25_000, pageSize: 50_000).map(\.retmax) == [10_000, 10_000, 5000])
        #expect(SearchPaging.pages(total: 3, pageSize: 0).count == 3)
        #expect(SearchPaging.batches(Array(1...7), size: 3) == [[1, 2, 3], [4, 5, 6], [7]])
    }
}
