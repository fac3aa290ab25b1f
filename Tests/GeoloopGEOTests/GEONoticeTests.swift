import Foundation
import GeoloopGEO
import GeoloopTestSupport
import Testing

/// acc.cgi answers HTTP 200 with a page saying the accession does not exist, is private, or was
/// withdrawn. Those are answers: reported as such, once, never cached and never retried.
@Suite struct GEONoticeTests {
    /// A page shaped like NCBI's: several kilobytes of navigation before the notice, so the notice
    /// lies beyond the 4 KB head the cache looks at first.
    static func page(_ notice: String) -> String {
        let navigation = (1...200).map { "<li><a href=\"/geo/info/page\($0).html\">GEO help topic \($0)</a></li>" }
        return "<!DOCTYPE html>\n<html><head><title>GEO Accession viewer</title></head><body>\n<ul>"
            + navigation.joined(separator: "\n") + "</ul>\n<table><tr><td><strong>" + notice
            + "</strong></td></tr></table>\n<p>NCBI footer. Contact us.</p></body></html>\n"
    }

    static let notFound = "Could not find a public or private accession &quot;GSM99999999&quot;"
    static let withdrawn =
        "Accession \"GSE100030\" was deleted by the GEO staff on Feb 16, 2018. Please contact GEO for details."
    static let scheduled =
        "Accession \"GSM7777777\" is currently private and is scheduled to be released on Jan 01, 2027."

    @Test func noticesBeyondTheHeadAreReadAsAnswers() throws {
        #expect(Self.page(Self.notFound).utf8.count > 8192)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let url = "https://www.ncbi.nlm.nih.gov/geo/query/acc.cgi?acc=GSM99999999"
        let key = GEOResource.record(try Accession(parsing: "GSM99999999")).cacheKey

        let missing = try #require(throws: CacheError.self) {
            try cache.store(key, url: url, bytes: Array(Self.page(Self.notFound).utf8))
        }
        #expect(missing.kind == .recordNotFound)
        #expect(
            missing.message.contains("GEO says: Could not find a public or private accession \"GSM99999999\" (the same")
        )
        #expect(!missing.message.contains("footer"))

        let gone = try #require(throws: CacheError.self) {
            try cache.store(key, url: url, bytes: Array(Self.page(Self.withdrawn).utf8))
        }
        #expect(gone.kind == .recordWithdrawn)
        #expect(gone.message.contains("was deleted by the GEO staff on Feb 16, 2018."))
        #expect(gone.message.contains("GEO says: Accession \"GSE100030\" was deleted"))
        #expect(!gone.message.contains("Please contact"))

        let later = try #require(throws: CacheError.self) {
            try cache.store(key, url: url, bytes: Array(Self.page(Self.scheduled).utf8))
        }
        #expect(later.kind == .recordNotFound)
        #expect(later.message.contains("scheduled to be released on Jan 01, 2027."))
        #expect(later.message.contains("not public yet"))

        // The same notice as a line of plain text (form=text) is read the same way.
        let plain = try #require(throws: CacheError.self) {
            try cache.store(key, url: url, bytes: Array("\r\n\(Self.withdrawn)\r\n".utf8))
        }
        #expect(plain.kind == .recordWithdrawn)
        #expect(cache.lookup(key) == nil)
    }

    @Test func pagesWithoutANoticeKeepTheirKinds() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let cache = GEOCache(root: dir.url)
        let key = GEOResource.record(try Accession(parsing: "GSM1234")).cacheKey
        let url = "https://www.ncbi.nlm.nih.gov/geo/query/acc.cgi?acc=GSM1234"

        let captcha = try #require(throws: CacheError.self) {
            try cache.store(key, url: url, bytes: Array(Self.page("Please verify you are a human").utf8))
        }
        #expect(captcha.kind == .html)
        let text = try #require(throws: CacheError.self) {
            try cache.store(key, url: url, bytes: Array("Could not find the accession GSM1234\n".utf8))
        }
        #expect(text.kind == .unexpectedContent)
    }

    @Test func theClientReportsEachNoticeAfterOneRequest() async throws {
        let harness = try ClientHarness()
        let client = try harness.client()
        let cases: [(page: String, kind: HarvestFailure.Kind, says: String)] = [
            (Self.page(Self.notFound), .notFound, "GEO has no public record of it"),
            (Self.page(Self.withdrawn), .withdrawn, "the record has been withdrawn"),
            (Self.scheduled + "\n", .notFound, "cannot be fetched before its release date"),
        ]
        for (index, expected) in cases.enumerated() {
            harness.server.setRoute(
                "/acc.cgi",
                ResponseScript(headers: [("Content-Type", "text/html")], body: .text(expected.page)))
            let accession = try Accession(parsing: "GSM\(9_000_000 + index)")
            await #expect {
                _ = try await client.sample(accession)
            } throws: { error in
                let failure = error as? HarvestFailure
                return failure?.kind == expected.kind && failure?.attempts == 1
                    && failure?.accession == accession.description
                    && failure?.message.contains(expected.says) == true
            }
            #expect(harness.server.requestCount(path: "/acc.cgi") == index + 1)
            #expect(client.cache.lookup(GEOResource.record(accession).cacheKey) == nil)
        }
        #expect(HarvestFailure.Kind.withdrawn.name == "withdrawn")
        await harness.finish(client)
    }
}
