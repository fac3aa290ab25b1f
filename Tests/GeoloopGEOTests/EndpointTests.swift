import Foundation
import GeoloopGEO
import Testing

@Suite struct EndpointTests {
    let ncbi = GEOEndpoints()

    func accession(_ text: String) throws -> Accession { try Accession(parsing: text) }

    @Test func familySOFTOfASeries() throws {
        let resource = try GEOResource.familySOFT(accession("GSE100494"))
        #expect(
            ncbi.url(for: resource).absoluteString
                == "https://ftp.ncbi.nlm.nih.gov/geo/series/GSE100nnn/GSE100494/soft/GSE100494_family.soft.gz")
        #expect(resource.cachePath == "geo/series/GSE100nnn/GSE100494/soft/GSE100494_family.soft.gz")
        #expect(resource.cacheFormat == .gzipSOFT)
    }

    @Test func smallSeriesLiveUnderGSEnnn() throws {
        let resource = try GEOResource.familySOFT(accession("GSE42"))
        #expect(
            ncbi.url(for: resource).absoluteString
                == "https://ftp.ncbi.nlm.nih.gov/geo/series/GSEnnn/GSE42/soft/GSE42_family.soft.gz")
    }

    @Test func seriesMatrixPlatformFamilyAndDataSet() throws {
        #expect(
            ncbi.url(for: try .seriesMatrix(accession("GSE1563"))).absoluteString
                == "https://ftp.ncbi.nlm.nih.gov/geo/series/GSE1nnn/GSE1563/matrix/GSE1563_series_matrix.txt.gz")
        #expect(
            ncbi.url(for: try .familySOFT(accession("GPL20814"))).absoluteString
                == "https://ftp.ncbi.nlm.nih.gov/geo/platforms/GPL20nnn/GPL20814/soft/GPL20814_family.soft.gz")
        #expect(
            ncbi.url(for: try .datasetSOFT(accession("GDS5027"))).absoluteString
                == "https://ftp.ncbi.nlm.nih.gov/geo/datasets/GDS5nnn/GDS5027/soft/GDS5027.soft.gz")
    }

    @Test func resourcesRefuseTheWrongKind() throws {
        #expect(throws: AccessionError.self) { try GEOResource.familySOFT(accession("GSM1")) }
        #expect(throws: AccessionError.self) { try GEOResource.seriesMatrix(accession("GPL1")) }
        #expect(throws: AccessionError.self) { try GEOResource.datasetSOFT(accession("GSE1")) }
    }

    @Test func accessionQueryRecords() throws {
        let brief = GEOResource.record(try accession("GSM1234"))
        #expect(
            ncbi.url(for: brief).absoluteString
                == "https://www.ncbi.nlm.nih.gov/geo/query/acc.cgi?acc=GSM1234&targ=self&form=text&view=brief")
        #expect(brief.cachePath == "acc/GSM/GSM1nnn/GSM1234.brief.txt")
        #expect(brief.cacheFormat == .soft)

        let samples = GEOResource.record(try accession("GSE1563"), target: .samples, view: .full)
        #expect(
            ncbi.url(for: samples).absoluteString
                == "https://www.ncbi.nlm.nih.gov/geo/query/acc.cgi?acc=GSE1563&targ=gsm&form=text&view=full")
        #expect(samples.cachePath == "acc/GSE/GSE1nnn/GSE1563.gsm.full.txt")
    }

    @Test func overriddenBasesAreUsed() throws {
        let local = GEOEndpoints(
            fileServer: URL(string: "http://127.0.0.1:8080/mirror")!,
            accessionQuery: URL(string: "http://127.0.0.1:8080/acc.cgi")!,
            eutils: URL(string: "http://127.0.0.1:8080/eutils")!)
        #expect(
            local.url(for: try .familySOFT(accession("GSE7"))).absoluteString
                == "http://127.0.0.1:8080/mirror/series/GSEnnn/GSE7/soft/GSE7_family.soft.gz")
        #expect(local.esummaryURL(uids: [1]).absoluteString.hasPrefix("http://127.0.0.1:8080/eutils/esummary.fcgi?"))
    }

    @Test func esearchIsPercentEncoded() {
        let endpoints = GEOEndpoints(email: "me+geo@example.org", apiKey: "abc123")
        let url = endpoints.esearchURL(query: "diabetes & \"type 2\"[title]", retstart: 500, retmax: 500)
        #expect(
            url.absoluteString
                == "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esearch.fcgi?db=gds"
                + "&term=diabetes%20%26%20%22type%202%22%5Btitle%5D%20AND%20gse%5BETYP%5D"
                + "&retmode=json&retstart=500&retmax=500&tool=geoloop&email=me%2Bgeo%40example.org&api_key=abc123")
    }

    @Test func esummaryByUIDsAndByHistory() {
        #expect(
            ncbi.esummaryURL(uids: [200100494, 200001563]).absoluteString
                == "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esummary.fcgi?db=gds&id=200100494%2C200001563"
                + "&retmode=json&tool=geoloop")
        #expect(
            ncbi.esummaryURL(webEnv: "MCID_1", queryKey: "1", retstart: 0, retmax: 100).absoluteString
                == "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esummary.fcgi?db=gds&query_key=1&WebEnv=MCID_1"
                + "&retstart=0&retmax=100&retmode=json&tool=geoloop")
    }

    @Test(arguments: [
        ("https://x/e.fcgi?db=gds&api_key=SECRET123&tool=geoloop", "https://x/e.fcgi?db=gds&api_key=***&tool=geoloop"),
        ("https://x/e.fcgi?API_KEY=SECRET123", "https://x/e.fcgi?API_KEY=***"),
        (
            "failed for https://x/?a=1&api_key=SECRET#frag: timeout",
            "failed for https://x/?a=1&api_key=***#frag: timeout"
        ),
        ("two api_key=A1 and api_key=B2.", "two api_key=*** and api_key=***"),
        ("no key here", "no key here"),
        ("empty api_key=&x=1", "empty api_key=&x=1"),
    ])
    func redactsAPIKeys(input: String, expected: String) {
        #expect(Redaction.redactingAPIKey(in: input) == expected)
    }
}
