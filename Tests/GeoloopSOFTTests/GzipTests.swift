import Foundation
import GeoloopSOFT
import GeoloopTestSupport
import Testing

@Suite struct GzipTests {
    static let text = Array((0..<2000).map { "line \($0) of the sample text\n" }.joined().utf8)

    /// Feeds `bytes` in chunks of `chunk` bytes and collects the output.
    static func inflateChunked(_ bytes: [UInt8], chunk: Int, limit: Int = GzipInflater.defaultOutputLimit) throws
        -> [UInt8]
    {
        let inflater = GzipInflater(outputLimit: limit, chunkSize: 4096)
        var out: [UInt8] = []
        var start = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            try bytes[start..<end].withUnsafeBytes { raw in try inflater.feed(raw) { out.append(contentsOf: $0) } }
            start = end
        }
        try inflater.finish { out.append(contentsOf: $0) }
        return out
    }

    @Test func roundTripsInAnyChunking() throws {
        let gz = try Gzip.compress(Self.text)
        #expect(Gzip.isGzip(gz))
        #expect(try Gzip.inflate(gz) == Self.text)
        for chunk in [1, 2, 3, 100, 4096, gz.count] {
            #expect(try Self.inflateChunked(gz, chunk: chunk) == Self.text)
        }
    }

    @Test func passesPlainTextThrough() throws {
        #expect(!Gzip.isGzip(Self.text))
        #expect(try Self.inflateChunked(Self.text, chunk: 1) == Self.text)
        #expect(try Gzip.inflate(Array("x".utf8)) == Array("x".utf8))
        #expect(try Gzip.inflate([]) == [])
    }

    @Test func readsMultiMemberFiles() throws {
        let first = Array("first member\n".utf8)
        let second = Array("second member\n".utf8)
        let joined = try Gzip.compress(first) + Gzip.compress(second) + Gzip.compress(Self.text)
        let expected = first + second + Self.text
        #expect(try Gzip.inflate(joined) == expected)
        #expect(try Self.inflateChunked(joined, chunk: 7) == expected)
    }

    @Test func rejectsACorruptCRC() throws {
        var gz = try Gzip.compress(Self.text)
        gz[gz.count - 6] ^= 0xff  // inside the CRC-32 trailer
        let error = try #require(throws: SOFTError.self) { try Gzip.inflate(gz) }
        #expect(error.kind == .corrupt)
        #expect(error.message.contains("incorrect data check"))
    }

    @Test func rejectsAWrongLength() throws {
        var gz = try Gzip.compress(Self.text)
        gz[gz.count - 2] ^= 0x01  // inside the ISIZE trailer
        let error = try #require(throws: SOFTError.self) { try Gzip.inflate(gz) }
        #expect(error.kind == .corrupt)
    }

    @Test func rejectsTruncationAtEveryCut() throws {
        let gz = try Gzip.compress(Self.text)
        for cut in stride(from: 2, to: gz.count, by: max(1, gz.count / 50)) {
            let error = try #require(throws: SOFTError.self) { try Gzip.inflate(Array(gz[..<cut])) }
            #expect(error.kind == .truncated || error.kind == .corrupt, "cut at \(cut)")
        }
        let secondCut = try Gzip.compress(Self.text) + Array(gz[..<20])
        let error = try #require(throws: SOFTError.self) { try Gzip.inflate(secondCut) }
        #expect(error.kind == .truncated)
    }

    @Test func rejectsTrailingGarbage() throws {
        let gz = try Gzip.compress(Self.text) + Array("garbage".utf8)
        let error = try #require(throws: SOFTError.self) { try Gzip.inflate(gz) }
        #expect(error.kind == .corrupt)
    }

    @Test func stopsABombAtTheCap() throws {
        let zeros = [UInt8](repeating: 0, count: 8 << 20)
        let bomb = try Gzip.compress(zeros, level: 9)
        #expect(bomb.count < 64 * 1024)
        let error = try #require(throws: SOFTError.self) {
            try Self.inflateChunked(bomb, chunk: 1024, limit: 1 << 20)
        }
        #expect(error.kind == .tooLarge)
        #expect(try Self.inflateChunked(bomb, chunk: 1024, limit: 8 << 20).count == 8 << 20)
    }

    @Test func inflatesTheRealGzipSample() throws {
        let path = SharedData.geoDirectory.appendingPathComponent("GSM11805.txt.gz").path
        let text = try Gzip.inflateFile(atPath: path)
        #expect(text.starts(with: Array("^SAMPLE = GSM11805".utf8)))
        #expect(text.count == 436_693)
    }

    @Test func namesAMissingFile() throws {
        let error = try #require(throws: SOFTError.self) { try Gzip.inflateFile(atPath: "/nonexistent/x.gz") }
        #expect(error.kind == .io)
        #expect(error.source == "/nonexistent/x.gz")
    }
}
