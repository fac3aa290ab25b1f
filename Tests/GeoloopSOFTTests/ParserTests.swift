import Foundation
import GeoloopSOFT
import GeoloopTestSupport
import Testing

func parseText(_ text: String, tables: SOFTParser.TableMode = .skip) throws -> SOFTDocument {
    try SOFTParser.parse(Array(text.utf8), tables: tables)
}

func geoFile(_ name: String) -> String {
    SharedData.geoDirectory.appendingPathComponent(name).path
}

@Suite struct ParserTests {
    static let sample = """
        ^DATABASE = GeoMiame
        !Database_name = Gene Expression Omnibus (GEO)
        ^SAMPLE = GSM1
        !Sample_title = first = sample
        !Sample_characteristics_ch1 = cell line: A
        !Sample_characteristics_ch1 = tissue: liver
        !Sample_description =
        !Sample_contact_zip/postal_code = 00144
        !Sample_note = see !Sample_other_ and _table_begin here
        !flag
        !Sample_bare
        #ID_REF = the probe
        #VALUE = log ratio
        !sample_table_begin
        ID_REF\tVALUE\tVALUE
        1\t0.5\t0.6

        2\t0.7\t0.8
        !sample_table_end
        ^PLATFORM = GPL1
        !Platform_title = P

        """

    @Test func readsEntitiesAttributesAndTables() throws {
        let document = try parseText(Self.sample)
        #expect(document.entities.map(\.kind) == ["DATABASE", "SAMPLE", "PLATFORM"])
        #expect(document.entities.map(\.accession) == ["GeoMiame", "GSM1", "GPL1"])
        let sample = document.entities[1]
        #expect(sample.line == 3)
        #expect(
            sample.attributes.keys == [
                "title", "characteristics_ch1", "description", "contact_zip/postal_code", "note", "flag", "bare",
            ])
        #expect(sample.attributes["title"] == ["first = sample"])
        #expect(sample.attributes["characteristics_ch1"] == ["cell line: A", "tissue: liver"])
        #expect(sample.attributes["description"] == [""])
        #expect(sample.attributes["note"] == ["see !Sample_other_ and _table_begin here"])
        #expect(sample.attributes["flag"] == [""])
        #expect(sample.attributes["bare"] == [""])
        #expect(
            sample.columnDescriptions == [
                SOFTColumn(name: "ID_REF", description: "the probe"),
                SOFTColumn(name: "VALUE", description: "log ratio"),
            ])
        let table = try #require(sample.table)
        #expect(table.columns == ["ID_REF", "VALUE", "VALUE"])
        #expect(table.rowCount == 2)
        #expect(table.rows == nil)
        #expect(!table.endMarkerMissing)
        #expect(document.entities[2].attributes["title"] == ["P"])
        #expect(document.entities[2].table == nil)
    }

    @Test func keepsRowsOnRequest() throws {
        let document = try parseText(Self.sample, tables: .keep)
        #expect(document.entities[1].table?.rows == [["1", "0.5", "0.6"], ["2", "0.7", "0.8"]])
    }

    @Test func storesKeptRowsCompactly() throws {
        let text = SOFTTableText(rows: [["a", "b"], ["", "c", ""], ["\u{3b2}"]])
        #expect(text.count == 3)
        #expect(text.rows == [["a", "b"], ["", "c", ""], ["\u{3b2}"]])
        #expect(text.fields(ofRow: 1) == ["", "c", ""])
        #expect(text.bytes == Array("a\tb\tc\t\u{3b2}".utf8))

        var bytes = Array("^SAMPLE = GSM1\n!sample_table_begin\nID\tV\n1\t".utf8)
        bytes += [0xFF]
        bytes += Array("\r\n".utf8)
        let table = try #require(try SOFTParser.parse(bytes, tables: .keep).entities[0].table)
        #expect(table.text?.bytes == [0x31, 0x09, 0xFF])
        #expect(table.rows == [["1", "\u{fffd}"]])
    }

    @Test func streamsRowsToAHandler() throws {
        var seen: [String] = []
        let parser = SOFTParser { row in
            seen.append("\(row.entityAccession):\(row.index):\(row.fields.joined(separator: ","))@\(row.line)")
        }
        try Array(Self.sample.utf8).withUnsafeBytes { try parser.consume($0) }
        let document = try parser.finish()
        #expect(seen == ["GSM1:0:1,0.5,0.6@16", "GSM1:1:2,0.7,0.8@18"])
        #expect(document.entities[1].table?.rows == nil)
        #expect(document.entities[1].table?.rowCount == 2)
    }

    @Test func givesTheSameResultForEveryChunking() throws {
        let bytes = Array(Self.sample.utf8)
        let whole = try SOFTParser.parse(bytes, tables: .keep)
        for size in [1, 2, 3, 5, 17, 64] {
            let parser = SOFTParser(tables: .keep)
            var start = 0
            while start < bytes.count {
                let end = min(start + size, bytes.count)
                try bytes[start..<end].withUnsafeBytes { try parser.consume($0) }
                start = end
            }
            #expect(try parser.finish() == whole, "chunk size \(size)")
        }
    }

    @Test func acceptsEveryLineEnding() throws {
        let lf = try parseText(Self.sample, tables: .keep)
        let crlf = try parseText(Self.sample.replacingOccurrences(of: "\n", with: "\r\n"), tables: .keep)
        let crcrlf = try parseText(Self.sample.replacingOccurrences(of: "\n", with: "\r\r\n"), tables: .keep)
        let noFinalNewline = try parseText(String(Self.sample.dropLast()), tables: .keep)
        #expect(crlf == lf)
        #expect(crcrlf == lf)
        #expect(noFinalNewline == lf)
    }

    @Test func endsATableWithoutMarkerAtTheNextEntity() throws {
        let text = "^PLATFORM = GPL1\n!platform_table_begin\nID\tX\n1\ta\n2\tb\n^SAMPLE = GSM1\n!Sample_title = t\n"
        let document = try parseText(text)
        let table = try #require(document.entities[0].table)
        #expect(table.rowCount == 2)
        #expect(table.endMarkerMissing)
        #expect(document.entities[1].attributes["title"] == ["t"])
        let atEnd = try parseText("^SAMPLE = GSM1\n!sample_table_begin\nID\n1\n2")
        #expect(atEnd.entities[0].table?.rowCount == 2)
        #expect(atEnd.entities[0].table?.endMarkerMissing == true)
    }

    @Test func readsABareAnnotationEntity() throws {
        let document = try parseText("^Annotation\n!Annotation_date = Jan 1 2020\n!Annotation_table_begin\nID\n1\n")
        #expect(document.entities[0].kind == "Annotation")
        #expect(document.entities[0].accession == "")
        #expect(document.entities[0].category == .annotation)
        #expect(document.entities[0].table?.rowCount == 1)
    }

    @Test func replacesInvalidUTF8() throws {
        var bytes = Array("^SAMPLE = GSM1\n!Sample_title = T".utf8)
        bytes += [0xff, 0xfe]
        bytes += Array("GF\u{3b2}\n".utf8)
        let document = try SOFTParser.parse(bytes)
        #expect(document.entities[0].attributes["title"] == ["T\u{fffd}\u{fffd}GF\u{3b2}"])
    }

    @Test func rejectsTextThatIsNotSOFT() throws {
        let html = try #require(throws: SOFTError.self) { try parseText("\n<!DOCTYPE html>\n<html>\n") }
        #expect(html.kind == .notSOFT)
        #expect(html.line == 2)
        #expect(html.message.contains("'<!DOCTYPE html>'"))
        let empty = try #require(throws: SOFTError.self) { try parseText("") }
        #expect(empty.kind == .notSOFT)
        let attributeFirst = try #require(throws: SOFTError.self) { try parseText("!Series_title = x\n") }
        #expect(attributeFirst.line == 1)
    }

    @Test func rejectsRowsOutsideATable() throws {
        let error = try #require(throws: SOFTError.self) {
            try parseText("^SAMPLE = GSM1\n!Sample_title = t\nstray\trow\n")
        }
        #expect(error.kind == .malformed)
        #expect(error.line == 3)
        let second = try #require(throws: SOFTError.self) {
            try parseText("^SAMPLE = GSM1\n!sample_table_begin\nID\n!sample_table_end\n!sample_table_begin\n")
        }
        #expect(second.kind == .malformed)
        #expect(second.line == 5)
    }

    @Test func parsesEveryRealFile() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: SharedData.geoDirectory.path)
            .filter { !$0.hasSuffix(".md") && !$0.hasSuffix("_file_list.txt") }
        #expect(names.count >= 20)
        for name in names {
            let skipped = try SOFTParser.parseFile(atPath: geoFile(name))
            let kept = try SOFTParser.parseFile(atPath: geoFile(name), tables: .keep)
            #expect(!skipped.entities.isEmpty, "\(name)")
            #expect(skipped.entities.map(\.attributes) == kept.entities.map(\.attributes), "\(name)")
            for entity in kept.entities {
                if let table = entity.table { #expect(table.rows?.count == table.rowCount, "\(name)") }
            }
        }
    }

    @Test func readsTheRealFilesFacts() throws {
        let gsm11805 = try SOFTParser.parseFile(atPath: geoFile("GSM11805.txt.gz"))
        #expect(gsm11805.entities.count == 1)
        #expect(gsm11805.entities[0].table?.rowCount == 22283)
        #expect(gsm11805.entities[0].table?.columns == ["ID_REF", "VALUE", "ABS_CALL"])

        let gpl20814 = try SOFTParser.parseFile(atPath: geoFile("GPL20814_family.soft"))
        #expect(gpl20814.entities.map(\.kind) == ["DATABASE", "PLATFORM", "SERIES"])
        #expect(gpl20814.entities[1].table?.rowCount == 3)
        #expect(gpl20814.entities[1].table?.columns == ["ID", "Reporter Name", "miRNA_ID", "SPOT_ID"])

        let gsm32878 = try SOFTParser.parseFile(atPath: geoFile("GSM32878.txt"))
        #expect(gsm32878.entities[0].attributes["description"].count == 4)
        #expect(gsm32878.entities[0].attributes["description"][1] == "")
        #expect(gsm32878.entities[0].table?.rowCount == 2)

        let gpl4133 = try SOFTParser.parseFile(atPath: geoFile("GPL4133.txt"), tables: .keep)
        #expect(gpl4133.entities[0].table?.rowCount == 13)
        #expect(gpl4133.entities[0].table?.columns.count == 22)
        #expect(gpl4133.entities[0].table?.rows?.allSatisfy { $0.count == 22 } == true)

        let example = try SOFTParser.parseFile(atPath: geoFile("soft_ex_family.txt"))
        #expect(example.entities.map(\.kind) == ["PLATFORM", "SAMPLE", "SAMPLE", "SAMPLE", "SERIES"])
        #expect(example.entities[1].accession == "Control Embyronic Stem Cell Replicate 1")
        #expect(example.entities.dropFirst().dropLast().allSatisfy { $0.table?.rowCount == 20 })
    }
}
