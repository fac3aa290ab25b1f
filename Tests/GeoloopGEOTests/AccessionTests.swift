import GeoloopGEO
import Testing

@Suite struct AccessionTests {
    @Test(arguments: [
        ("GSE100494", Accession.Kind.series, 100494),
        ("gse1", .series, 1),
        ("  GSM1234\n", .sample, 1234),
        ("\tgpl20814 ", .platform, 20814),
        ("GdS5027", .dataset, 5027),
        ("GSE999999999", .series, 999_999_999),
    ])
    func parsesValidAccessions(input: String, kind: Accession.Kind, number: Int) throws {
        let accession = try Accession(parsing: input)
        #expect(accession.kind == kind)
        #expect(accession.number == number)
        #expect(accession.description == "\(kind.prefix)\(number)")
    }

    @Test(arguments: [
        ("", AccessionError.Kind.empty),
        ("   \n", .empty),
        ("GSE", .unknownPrefix),
        ("GSX1", .unknownPrefix),
        ("SRR123", .unknownPrefix),
        ("GSE0", .invalidNumber),
        ("GSE01", .invalidNumber),
        ("GSE-1", .invalidNumber),
        ("GSE+1", .invalidNumber),
        ("+GSE1", .unknownPrefix),
        ("GSE 1", .invalidNumber),
        ("GSE1 2", .invalidNumber),
        ("GSE1.5", .invalidNumber),
        ("GSE1234567890", .invalidNumber),
        ("GSE１２", .invalidNumber),
        ("gſe1", .unknownPrefix),
        ("../../etc/passwd", .unknownPrefix),
        ("GSE1/../x", .invalidNumber),
        ("GSE1\0", .invalidNumber),
        ("\0GSE1", .unknownPrefix),
        ("GSE1\u{202E}", .invalidNumber),
        (String(repeating: "9", count: 10_000), .tooLong),
    ])
    func rejectsInvalidAccessions(input: String, kind: AccessionError.Kind) {
        #expect {
            _ = try Accession(parsing: input)
        } throws: { error in
            guard let error = error as? AccessionError else { return false }
            return error.kind == kind && error.input == input
        }
    }

    @Test func errorQuotesTheInputPrintably() throws {
        let error = try #require(throws: AccessionError.self) { try Accession(parsing: "GSE1\0\n\u{1B}[31m") }
        let message = error.description
        #expect(message.hasPrefix("\"GSE1\\0\\n\\u{1B}[31m\" is not a GEO accession: "))
        #expect(message.contains("such as GSE100494"))
        #expect(!message.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func errorShortensHugeInput() throws {
        let line = String(repeating: "A", count: 1_000_000)
        let error = try #require(throws: AccessionError.self) { try Accession(parsing: line) }
        #expect(error.kind == .tooLong)
        #expect(error.description.count < 300)
    }

    @Test func kindIsChecked() throws {
        #expect(try Accession(parsing: "GSE5", as: .series).number == 5)
        let error = try #require(throws: AccessionError.self) { try Accession(parsing: "GSM5", as: .series) }
        #expect(error.kind == .wrongKind)
        #expect(error.description == "\"GSM5\" cannot be used here: it is a sample; this needs a series (GSE...)")
    }

    @Test(arguments: [
        ("GSE1", "GSEnnn"), ("GSE7", "GSEnnn"), ("GSE42", "GSEnnn"), ("GSE999", "GSEnnn"), ("GSE1000", "GSE1nnn"),
        ("GSE1563", "GSE1nnn"), ("GSE10000", "GSE10nnn"), ("GSE100494", "GSE100nnn"), ("GPL20814", "GPL20nnn"),
        ("GDS5027", "GDS5nnn"),
    ])
    func folderStubReplacesTheLastThreeDigits(input: String, stub: String) throws {
        #expect(try Accession(parsing: input).folderStub == stub)
    }

    @Test func numbersOutOfRangeAreRefused() {
        #expect(throws: AccessionError.self) { try Accession(kind: .series, number: 0) }
        #expect(throws: AccessionError.self) { try Accession(kind: .series, number: 1_000_000_000) }
    }
}
