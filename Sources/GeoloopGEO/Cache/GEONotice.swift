/// The answers NCBI's query CGI (acc.cgi) gives with HTTP 200 in place of a record: an HTML page
/// (or a line of text) saying the accession does not exist or is private, or that the record was
/// withdrawn. They are answers, not damage: fetching again gives the same page.
enum GEONotice {
    /// What a notice says, with GEO's own sentence.
    enum Meaning: Equatable {
        /// "Could not find a public or private accession": no such record, or one not yet public.
        case notFound(sentence: String)
        /// "... is currently private and is scheduled to be released on <date>".
        case isPrivate(sentence: String)
        /// "Accession ... was deleted by the GEO staff on <date>": the record existed and was withdrawn.
        case withdrawn(sentence: String)
    }

    private static let notFoundMarker = Array("Could not find a public or private accession".utf8)
    private static let privateMarker = Array("is currently private".utf8)
    private static let withdrawnMarker = Array("was deleted by the GEO staff".utf8)

    /// Reads GEO's notice from the first bytes of a body, or nil when they hold none.
    static func find(in body: UnsafeRawBufferPointer) -> Meaning? {
        let bytes = body.bindMemory(to: UInt8.self)
        if let at = bytes.firstRange(of: withdrawnMarker)?.lowerBound {
            return .withdrawn(sentence: sentence(around: at, in: bytes))
        }
        if let at = bytes.firstRange(of: privateMarker)?.lowerBound {
            return .isPrivate(sentence: sentence(around: at, in: bytes))
        }
        if let at = bytes.firstRange(of: notFoundMarker)?.lowerBound {
            // `Could not find a public or private accession "GSE999999999"` often has no full stop:
            // end it after the quoted accession.
            var text = sentence(around: at, in: bytes)
            let quotes = text.indices.filter { text[$0] == "\"" }
            if quotes.count >= 2 { text = String(text[...quotes[1]]) }
            return .notFound(sentence: text)
        }
        return nil
    }

    /// Turns a refusal of the body (an HTML page, or text that is not the format) into the notice's
    /// meaning when the body carries one; any other error is returned unchanged.
    static func refine(_ error: CacheError, body: UnsafeRawBufferPointer, name: String) -> CacheError {
        guard error.kind == .html || error.kind == .unexpectedContent, let meaning = find(in: body) else {
            return error
        }
        switch meaning {
        case .notFound(let sentence):
            return CacheError(
                kind: .recordNotFound,
                message: "\(name): GEO has no public record of it; GEO says: \(sentence) (the same answer for an "
                    + "accession that does not exist and for a record not public yet); check the accession")
        case .isPrivate(let sentence):
            return CacheError(
                kind: .recordNotFound,
                message: "\(name): the record is not public yet; GEO says: \(sentence) It cannot be fetched "
                    + "before its release date")
        case .withdrawn(let sentence):
            return CacheError(
                kind: .recordWithdrawn,
                message: "\(name): the record has been withdrawn; GEO says: \(sentence) It was public once, so "
                    + "the accession is not a typo, but it will not come back")
        }
    }

    /// The sentence holding the marker at `at`, as plain text: markup removed, entities for quotes
    /// and ampersands decoded, white space collapsed; it starts at "Accession" or the marker
    /// (whichever comes first in the sentence) and ends at its full stop, 300 characters at most.
    private static func sentence(around at: Int, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        let start = max(0, at - 200)
        let end = min(bytes.count, at + 400)
        var text = ""
        var inTag = false
        var markerOffset = 0
        for index in start..<end {
            if index == at { markerOffset = text.utf8.count }
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                inTag = true
                text.append(" ")
            } else if byte == UInt8(ascii: ">") {
                inTag = false
            } else if !inTag {
                text.unicodeScalars.append(Unicode.Scalar(byte < 0x80 ? byte : UInt8(ascii: "?")))
            }
        }
        var plain = String(text.utf8.dropFirst(markerOffset))!
        var before = String(text.utf8.prefix(markerOffset))!
        for (entity, character) in [("&quot;", "\""), ("&#34;", "\""), ("&amp;", "&")] {
            plain = plain.replacing(entity, with: character)
            before = before.replacing(entity, with: character)
        }
        // "Accession "X" was deleted ..." and "Accession "X" is currently private ...": keep the subject.
        if let subject = before.ranges(of: "Accession").last {
            let lead = before[subject.lowerBound...]
            if !lead.contains(".") { plain = String(lead) + plain }
        }
        let collapsed = plain.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" })
            .joined(separator: " ")
        var sentence = Substring(collapsed)
        // A full stop ends the sentence; GEO's dates ("Feb 16, 2018") hold none.
        if let stop = sentence.firstIndex(of: ".") { sentence = sentence[...stop] }
        return String(sentence.prefix(300))
    }
}
