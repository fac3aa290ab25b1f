import Foundation
import GeoloopSOFT
import GeoloopTestSupport
import Testing

/// `geoloop parse`, run as a binary.
@Suite struct ParseCommandTests {
    @Test func parsesAGoodFile() throws {
        let result = try runGeoloop(["parse", sharedGEOFile("GSE100494_GSM.soft"), sharedGEOFile("GSM11805.txt.gz")])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.lines.count == 2)
        let first = try #require(
            try JSONSerialization.jsonObject(with: Data(result.lines[0].utf8)) as? [String: Any])
        #expect(first["source"] as? String == sharedGEOFile("GSE100494_GSM.soft"))
        #expect(Set(first.keys) == ["source", "series", "platforms", "samples", "datasets", "subsets", "other"])
        let samples = try #require(first["samples"] as? [[String: Any]])
        #expect(samples.map { $0["accession"] as? String } == ["GSM2684979", "GSM2684980"])
        #expect(samples[0]["kind"] as? String == "SAMPLE")
        let relations = try #require(samples[0]["relations"] as? [[String: String]])
        #expect(relations.map { $0["target"] } == ["SAMN07278949", "SRX2957699"])
        let second = try #require(
            try JSONSerialization.jsonObject(with: Data(result.lines[1].utf8)) as? [String: Any])
        let table = try #require((second["samples"] as? [[String: Any]])?.first?["table"] as? [String: Any])
        #expect(table["rows"] as? Int == 22283)
        #expect(table["data"] == nil)
    }

    @Test func readsStandardInput() throws {
        let gz = try Data(contentsOf: URL(fileURLWithPath: sharedGEOFile("GSM11805.txt.gz")))
        let result = try runGeoloop(["parse", "-"], stdin: gz)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix(#"{"source":"-","series":[],"platforms":[],"samples":[{"kind":"SAMPLE","#))
        #expect(result.stdout.contains(#""rows":22283"#))
    }

    @Test func includesRowsWithTables() throws {
        let result = try runGeoloop(["parse", "--tables", sharedGEOFile("GSM32878.txt")])
        #expect(result.status == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let table = try #require((object["samples"] as? [[String: Any]])?.first?["table"] as? [String: Any])
        #expect((table["data"] as? [[String]])?.count == 2)
    }

    @Test func reportsABadFileAndExitsOne() throws {
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("geoloop-cli-bad-\(getpid()).soft")
        try Data("<!DOCTYPE html>\n<html>captcha</html>\n".utf8).write(to: bad)
        defer { try? FileManager.default.removeItem(at: bad) }
        let result = try runGeoloop(["parse", bad.path, sharedGEOFile("GSM2795971.txt")])
        #expect(result.status == 1)
        #expect(result.lines.count == 2)
        let error = try #require(
            try JSONSerialization.jsonObject(with: Data(result.lines[0].utf8)) as? [String: Any])
        #expect(error["source"] as? String == bad.path)
        let detail = try #require(error["error"] as? [String: Any])
        #expect(detail["kind"] as? String == "not_soft")
        #expect(detail["line"] as? Int == 1)
        #expect((detail["message"] as? String)?.contains("'<!DOCTYPE html>'") == true)
        #expect(result.lines[1].hasPrefix(#"{"source":""#))
        #expect(result.lines[1].contains(#""accession":"GSM2795971""#))
    }

    @Test func rejectsBadUsageWithStatus64() throws {
        let none = try runGeoloop(["parse"])
        #expect(none.status == 64)
        #expect(none.stdout == "")
        #expect(none.stderr.hasPrefix("Error: 'geoloop parse' needs at least one FILE."))

        let unknown = try runGeoloop(["parse", "--frobnicate", "x.soft"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.hasPrefix("Error: unknown option '--frobnicate' for 'geoloop parse'."))
        #expect(unknown.stderr.contains("geoloop help parse"))

        let jobs = try runGeoloop(["parse", "--jobs", "zero", "x.soft"])
        #expect(jobs.status == 64)
        #expect(jobs.stderr.contains("'zero'"))

        let nothing = try runGeoloop([])
        #expect(nothing.status == 64)
        #expect(nothing.stderr.hasPrefix("Error: "))

        let command = try runGeoloop(["frobnicate"])
        #expect(command.status == 64)
        #expect(command.stderr.hasPrefix("Error: unknown command 'frobnicate'."))
    }

    @Test func printsHelpAndVersion() throws {
        let help = try runGeoloop(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("parse"))
        let parseHelp = try runGeoloop(["help", "parse"])
        #expect(parseHelp.status == 0)
        #expect(parseHelp.stdout.contains("USAGE: geoloop parse"))
        #expect(try runGeoloop(["parse", "--help"]).stdout == parseHelp.stdout)
        let version = try runGeoloop(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("geoloop "))
        #expect(version.stdout.contains("zlib \(ZlibVersion.string)"))
    }
}

/// The path of one of the real GEO files in `../shared/data/geo`.
private func sharedGEOFile(_ name: String) -> String {
    SharedData.geoDirectory.appendingPathComponent(name).path
}
