import Foundation
import GeoloopTestSupport

// make-corpus: writes the deterministic benchmark corpus of GEO family SOFT files.

let usage = """
    Usage: make-corpus --out DIR [--series N] [--seed S] [--mix realistic|small]
           make-corpus --out DIR --big-array SAMPLES [--rows R] [--seed S]

    Writes N series (default 519) in GEO's layout under DIR, with a manifest.tsv, and prints one
    summary line. --big-array writes a single array series of SAMPLES samples with R rows each
    (default 42000; 1000 samples is about 1 GB of SOFT), for memory checks.
    """

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
    exit(code)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var out: String?
var spec = CorpusSpec()
var bigArraySamples: Int?
var rows = 42_000

while !arguments.isEmpty {
    let option = arguments.removeFirst()
    if option == "--help" || option == "-h" {
        print(usage)
        exit(0)
    }
    guard let value = arguments.first else { fail("'\(option)' needs a value.\n\(usage)", code: 64) }
    arguments.removeFirst()
    switch option {
    case "--out":
        out = value
    case "--series":
        guard let n = Int(value), n > 0 else { fail("'\(value)' is not a positive series count.", code: 64) }
        spec.seriesCount = n
    case "--seed":
        guard let s = UInt64(value) else { fail("'\(value)' is not a seed (an unsigned integer).", code: 64) }
        spec.seed = s
    case "--mix":
        guard let mix = CorpusSpec.Mix(rawValue: value) else {
            fail("'\(value)' is not a mix; use realistic or small.", code: 64)
        }
        spec.mix = mix
    case "--big-array":
        guard let n = Int(value), n > 0 else { fail("'\(value)' is not a positive sample count.", code: 64) }
        bigArraySamples = n
    case "--rows":
        guard let n = Int(value), n > 0 else { fail("'\(value)' is not a positive row count.", code: 64) }
        rows = n
    default:
        fail("unknown option '\(option)'.\n\(usage)", code: 64)
    }
}
guard let out else { fail("--out DIR is required.\n\(usage)", code: 64) }

let root = URL(fileURLWithPath: out)
let started = Date()
do {
    let entries: [CorpusEntry]
    if let samples = bigArraySamples {
        let plan = SeriesPlan.largeArray(
            number: spec.firstAccession, samples: samples, rowsPerSample: rows, seed: spec.seed)
        entries = [try CorpusGenerator.write(plan, to: root)]
        try CorpusGenerator.writeManifest(entries, to: root)
    } else {
        entries = try CorpusGenerator.write(spec, to: root)
    }
    let compressed = entries.reduce(0) { $0 + $1.compressedBytes }
    let uncompressed = entries.reduce(0) { $0 + $1.uncompressedBytes }
    let seconds = Date().timeIntervalSince(started)
    print(
        "\(entries.count) files, \(compressed) bytes compressed, \(uncompressed) bytes uncompressed, "
            + String(format: "%.1f s", seconds))
} catch {
    fail("\(error)", code: 1)
}
