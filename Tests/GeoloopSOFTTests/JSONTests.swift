import Foundation
import GeoloopSOFT
import Testing

@Suite struct JSONTests {
    @Test func escapesStrings() throws {
        var json = JSONWriter()
        json.beginArray()
        json.string("quote \" backslash \\ nl \n cr \r tab \t bell \u{7} nul \u{0} us \u{1f} del \u{7f} \u{3b2}")
        json.int(-12)
        json.bool(true)
        json.null()
        json.beginObject()
        json.endObject()
        json.endArray()
        let text = String(decoding: json.bytes, as: UTF8.self)
        #expect(
            text
                == #"["quote \" backslash \\ nl \n cr \r tab \t bell \u0007 nul \u0000 us \u001f del "#
                + "\u{7f} \u{3b2}\",-12,true,null,{}]")
        let decoded = try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [Any]
        #expect(
            decoded?.first as? String
                == "quote \" backslash \\ nl \n cr \r tab \t bell \u{7} nul \u{0} us \u{1f} del \u{7f} \u{3b2}")
    }

    @Test func writesInvalidUTF8AsReplacementCharacters() throws {
        var bytes = Array("^SAMPLE = GSM1\n!Sample_title = a".utf8)
        bytes += [0xC3, 0x28, 0xFF]
        let document = try SOFTParser.parse(bytes)
        let json = SOFTJSON.entity(document.entities[0])
        #expect(String(validating: json, as: UTF8.self) != nil)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        let attributes = try #require(object["attributes"] as? [String: [String]])
        #expect(attributes["title"] == ["a\u{fffd}(\u{fffd}"])
    }

    @Test func writesTheDocumentShape() throws {
        let document = try SOFTParser.parseFile(atPath: geoFile("GPL20814_family.soft"), tables: .keep)
        let bytes = SOFTJSON.document(document, source: "GPL20814_family.soft", includeTableRows: true)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["source"] as? String == "GPL20814_family.soft")
        #expect((object["series"] as? [Any])?.count == 1)
        #expect((object["samples"] as? [Any])?.count == 0)
        #expect((object["other"] as? [[String: Any]])?.first?["kind"] as? String == "DATABASE")
        let platform = try #require((object["platforms"] as? [[String: Any]])?.first)
        #expect(platform["kind"] as? String == "PLATFORM")
        #expect(platform["accession"] as? String == "GPL20814")
        #expect(platform["technology"] as? String == "in situ oligonucleotide")
        #expect(platform["submission_date"] as? String == "2015-08-18")
        let table = try #require(platform["table"] as? [String: Any])
        #expect(table["rows"] as? Int == 3)
        #expect(table["end_marker_missing"] as? Bool == false)
        #expect((table["data"] as? [[String]])?.last == ["83", "2.027336763"])
        #expect(String(decoding: bytes, as: UTF8.self).contains(#""attributes":{"title":["Human miRNA Array"#))
    }

    @Test func keepsAttributeKeysInFirstSeenOrder() throws {
        let document = try parseText("^SAMPLE = GSM1\n!Sample_b = 1\n!Sample_a = 2\n!Sample_b = 3\n")
        let text = String(decoding: SOFTJSON.entity(document.entities[0]), as: UTF8.self)
        #expect(text.contains(#""attributes":{"b":["1","3"],"a":["2"]}"#))
        #expect(!text.contains(#""table""#))
    }

    @Test func writesErrors() throws {
        let error = SOFTError(.malformed, "bad \"row\"", line: 7)
        let text = String(decoding: SOFTJSON.error(error, source: "x.soft"), as: UTF8.self)
        #expect(text == #"{"source":"x.soft","error":{"kind":"malformed","message":"bad \"row\"","line":7}}"#)
    }
}
