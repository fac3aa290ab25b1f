import Foundation
import GeoloopSOFT
import Testing

@Suite struct StreamParserTests {
    @Test func parsesAGzipDownloadChunkByChunk() throws {
        let gz = try Array(Data(contentsOf: URL(fileURLWithPath: geoFile("GSM11805.txt.gz"))))
        let stream = SOFTStreamParser()
        var start = 0
        while start < gz.count {
            let end = min(gz.count, start + 1500)
            try stream.consume(Array(gz[start..<end]))
            start = end
        }
        let document = try stream.finish()
        #expect(stream.bytesIn == gz.count)
        #expect(stream.bytesOut == 436_693)
        #expect(document == (try SOFTParser.parseFile(atPath: geoFile("GSM11805.txt.gz"))))
    }

    @Test func reportsATruncatedDownloadWithItsLine() throws {
        let gz = try Array(Data(contentsOf: URL(fileURLWithPath: geoFile("GSM11805.txt.gz"))))
        let stream = SOFTStreamParser()
        try stream.consume(Array(gz[..<(gz.count / 2)]))
        let error = try #require(throws: SOFTError.self) { try stream.finish() }
        #expect(error.kind == .truncated)
        #expect((error.line ?? 0) > 1000)
    }
}
