import Foundation
import GeoloopSOFT
import GeoloopTestSupport
import Testing

/// Seeded mutations of the real GEO files (and of their gzip): the parser and the inflater either
/// return a result or throw a `SOFTError`; a malformed line is named by its number. Never a crash.
@Suite struct MutationFuzzTests {
    /// Mutations per run: small in CI, `GEOLOOP_FUZZ_MUTATIONS` for longer runs.
    static let mutations = environmentCount("GEOLOOP_FUZZ_MUTATIONS", default: 400)

    static func realFiles() throws -> [[UInt8]] {
        let directory = SharedData.geoDirectory
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        return try names.filter { $0 != "README.md" }.map {
            try [UInt8](Data(contentsOf: directory.appendingPathComponent($0)))
        }
    }

    @Test func mutatedRealFilesParseOrFailWithAnError() throws {
        let files = try Self.realFiles()
        #expect(files.count >= 20)
        var generator = SplitMix64Generator(seed: 0x5eed_f00d)
        var results = (parsed: 0, errors: 0)

        for iteration in 0..<Self.mutations {
            var bytes = files[iteration % files.count]
            if iteration % 4 == 3 { bytes = try Gzip.compress(Gzip.inflate(bytes)) }
            Mutator.mutate(&bytes, using: &generator)
            do {
                _ = try SOFTParser.parse(bytes, tables: iteration % 2 == 0 ? .skip : .keep, outputLimit: 64 << 20)
                results.parsed += 1
            } catch let error as SOFTError {
                results.errors += 1
                if error.kind == .malformed {
                    #expect(error.line != nil, "iteration \(iteration): malformed without a line: \(error)")
                }
                #expect(!error.message.isEmpty)
            } catch {
                Issue.record("iteration \(iteration): not a SOFTError: \(error)")
            }
            if iteration % 3 == 0 {
                do { _ = try Gzip.inflate(bytes, outputLimit: 64 << 20) } catch is SOFTError {} catch {
                    Issue.record("iteration \(iteration): inflate threw a non-SOFTError \(error)")
                }
            }
        }
        #expect(results.parsed + results.errors == Self.mutations)
        FigureLog.record(
            "fuzz mutations", ["executions": Self.mutations, "parsed": results.parsed, "errors": results.errors])
    }

    @Test func aDecompressionBombIsCappedByTheOutputLimit() throws {
        let bomb = try Gzip.compress([UInt8](repeating: UInt8(ascii: "!"), count: 64 << 20), level: 9)
        #expect(bomb.count < 1 << 20)
        #expect {
            _ = try SOFTParser.parse(bomb, outputLimit: 8 << 20)
        } throws: { ($0 as? SOFTError)?.kind == .tooLarge || ($0 as? SOFTError)?.kind == .notSOFT }
        #expect {
            _ = try Gzip.inflate(bomb, outputLimit: 8 << 20)
        } throws: { ($0 as? SOFTError)?.kind == .tooLarge }
    }
}

/// A small deterministic generator (SplitMix64) so every run mutates the same way.
struct SplitMix64Generator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// Byte-level mutations that hit SOFT's structure: markers, separators, line ends, NULs, cuts.
enum Mutator {
    static let tokens: [[UInt8]] = [
        "^", "!", "#", " = ", "\n", "\r", "\r\r\n", "\t", "\0", "!sample_table_begin\n", "!sample_table_end\n",
        "!platform_table_begin\n", "^SAMPLE = ", "^SERIES = ", "!Series_sample_id = ", "\u{FEFF}", "\u{FF}",
        "=", ": ", "_ch1",
    ].map { Array($0.utf8) }

    static func mutate(_ bytes: inout [UInt8], using generator: inout SplitMix64Generator) {
        let rounds = Int.random(in: 1...8, using: &generator)
        for _ in 0..<rounds {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &generator)
            case 1: bytes.insert(contentsOf: tokens.randomElement(using: &generator)!, at: position)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...512, using: &generator))
                bytes.removeSubrange(position..<end)
            case 3: bytes.removeSubrange(position..<bytes.count)
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...256, using: &generator))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            default:
                bytes.insert(contentsOf: [UInt8](repeating: UInt8(ascii: "x"), count: 70_000), at: position)
            }
        }
    }
}
