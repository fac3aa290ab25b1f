import Foundation
import GeoloopSOFT
import Testing

/// A small seeded generator (SplitMix64), so every failure can be replayed.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Parses in random chunk sizes; the result must not depend on them.
func parseChunked(_ bytes: [UInt8], tables: SOFTParser.TableMode = .skip, using random: inout SeededRandom) throws
    -> SOFTDocument
{
    let parser = SOFTParser(tables: tables)
    var start = 0
    while start < bytes.count {
        let end = min(bytes.count, start + Int.random(in: 1...70_000, using: &random))
        try bytes[start..<end].withUnsafeBytes { try parser.consume($0) }
        start = end
    }
    return try parser.finish()
}

@Suite struct MutationTests {
    static let realFiles = ["soft_ex_family.txt", "GPL20814_family.soft", "GSE101516_GSM.soft", "GPL4133.txt"]

    static func text(_ name: String) throws -> [UInt8] {
        try Gzip.inflateFile(atPath: geoFile(name))
    }

    /// Either a document or a SOFTError with a line number; anything else fails the test.
    static func outcome(_ bytes: [UInt8], tables: SOFTParser.TableMode = .skip) -> SOFTDocument? {
        do {
            return try SOFTParser.parse(bytes, tables: tables)
        } catch let error as SOFTError {
            #expect(error.line != nil, "error without a line: \(error)")
            return nil
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    @Test func chunkingNeverChangesTheResult() throws {
        var random = SeededRandom(seed: 1)
        for name in Self.realFiles + ["GSM11805.txt.gz"] {
            let bytes = try Self.text(name)
            let whole = try SOFTParser.parse(bytes, tables: .keep)
            for _ in 0..<3 {
                #expect(try parseChunked(bytes, tables: .keep, using: &random) == whole, "\(name)")
            }
        }
    }

    @Test func truncationGivesAPrefixOrAnError() throws {
        var random = SeededRandom(seed: 2)
        for name in Self.realFiles {
            let bytes = try Self.text(name)
            let full = try SOFTParser.parse(bytes)
            for _ in 0..<40 {
                let cut = Int.random(in: 0..<bytes.count, using: &random)
                guard let document = Self.outcome(Array(bytes[..<cut])) else { continue }
                #expect(document.entities.count <= full.entities.count)
                // Every entity but the last one read is complete.
                for (index, entity) in document.entities.dropLast().enumerated() {
                    #expect(entity.attributes == full.entities[index].attributes, "\(name) cut at \(cut)")
                }
            }
        }
    }

    @Test func byteFlipsNeverCrash() throws {
        var random = SeededRandom(seed: 3)
        for name in Self.realFiles {
            let original = try Self.text(name)
            for _ in 0..<60 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...8, using: &random) {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
                _ = Self.outcome(bytes)
                _ = Self.outcome(bytes, tables: .keep)
            }
        }
    }

    @Test func gzipDamageIsAnErrorWithALine() throws {
        var random = SeededRandom(seed: 4)
        let gz = try Array(Data(contentsOf: URL(fileURLWithPath: geoFile("GSM11805.txt.gz"))))
        for _ in 0..<12 {
            let cut = Int.random(in: 10..<gz.count, using: &random)
            let error = #expect(throws: SOFTError.self) { try SOFTParser.parse(Array(gz[..<cut])) }
            #expect(error?.kind == .truncated)
            #expect(error?.line != nil)
        }
        for _ in 0..<12 {
            var bytes = gz
            let at = Int.random(in: 20..<gz.count, using: &random)
            bytes[at] ^= UInt8.random(in: 1...255, using: &random)
            let error = #expect(throws: SOFTError.self) { try SOFTParser.parse(bytes) }
            #expect(error?.kind == .corrupt || error?.kind == .truncated, "flip at \(at)")
        }
    }

    @Test func tenMegabyteLines() throws {
        var random = SeededRandom(seed: 5)
        let long = String(repeating: "0123456789", count: 1_000_000)
        let text = "^SAMPLE = GSM1\n!Sample_description = \(long)\n!sample_table_begin\nID\tVALUE\n1\t\(long)\n2\t3\n"
        let bytes = Array(text.utf8)
        let skipped = try parseChunked(bytes, using: &random)
        #expect(skipped.entities[0].attributes["description"].first?.utf8.count == 10_000_000)
        #expect(skipped.entities[0].table?.rowCount == 2)
        let kept = try parseChunked(bytes, tables: .keep, using: &random)
        #expect(kept.entities[0].table?.rows?[0][1].utf8.count == 10_000_000)
        #expect(kept.entities[0].table?.rows?[1] == ["2", "3"])
    }

    @Test func deletedEndMarkersKeepEveryTable() throws {
        for name in ["soft_ex_family.txt", "GSM32878.txt", "GPL4133.txt"] {
            let original = try Self.text(name)
            let full = try SOFTParser.parse(original)
            // Work on bytes: as Characters, "\r\n" is one grapheme and would not split on "\n".
            let lines = original.split(separator: 0x0A, omittingEmptySubsequences: false)
            let kept = lines.filter { line in
                let text = String(decoding: line, as: UTF8.self).lowercased()
                return !text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("_table_end")
            }
            #expect(kept.count < lines.count, "\(name) has end markers")
            let stripped = Array(kept.joined(separator: [0x0A]))
            let document = try SOFTParser.parse(stripped)
            #expect(document.entities.count == full.entities.count, "\(name)")
            for (entity, reference) in zip(document.entities, full.entities) {
                #expect(entity.attributes == reference.attributes, "\(name)")
                #expect(entity.table?.rowCount == reference.table?.rowCount, "\(name) \(entity.accession)")
                #expect(entity.table?.columns == reference.table?.columns)
                if let table = entity.table { #expect(table.endMarkerMissing) }
            }
        }
    }

    @Test func mixedLineEndingsGiveTheSameDocument() throws {
        var random = SeededRandom(seed: 6)
        for name in Self.realFiles {
            let original = try Self.text(name)
            let lines = original.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
                line.last == 0x0D ? line.dropLast() : line
            }
            let lf = try SOFTParser.parse(Array(lines.joined(separator: [0x0A])), tables: .keep)
            var mixed: [UInt8] = []
            for line in lines {
                mixed += line
                mixed += [[0x0A], [0x0D, 0x0A], [0x0D, 0x0D, 0x0A]].randomElement(using: &random)!
            }
            let document = try parseChunked(mixed, tables: .keep, using: &random)
            #expect(document.entities == lf.entities, "\(name)")
        }
    }
}

@Test func aLineLongerThanTheLimitIsTooLargeWithItsLineNumber() throws {
    let parser = SOFTParser()
    let head = Array("^SERIES = GSE1\n!Series_title = ".utf8)
    let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)
    var thrown: SOFTError?
    do {
        try head.withUnsafeBytes { try parser.consume($0) }
        for _ in 0...(SOFTParser.maxLineBytes >> 20) {
            try chunk.withUnsafeBytes { try parser.consume($0) }
        }
    } catch let error as SOFTError {
        thrown = error
    }
    #expect(thrown?.kind == .tooLarge)
    #expect(thrown?.line == 2)
}
