extension Accession {
    /// The longest input looked at; anything longer is rejected before it is examined further.
    static let maximumInputLength = 64

    /// Parses user input such as `" gse100494\n"`: surrounding whitespace is trimmed and letters
    /// are upper-cased, then the text must be a known prefix (`GSE`, `GSM`, `GPL`, `GDS`) followed
    /// by one to nine digits with no leading zero. Anything else (signs, inner spaces, paths,
    /// control characters) throws an ``AccessionError`` that quotes the input.
    public init(parsing input: String) throws(AccessionError) {
        guard input.utf8.count <= Self.maximumInputLength else {
            throw AccessionError(
                kind: .tooLong, input: input,
                reason: "it is \(input.utf8.count) bytes long; an accession is at most 12 characters")
        }
        let trimmed = Self.trimmingWhitespace(input)
        guard !trimmed.isEmpty else {
            throw AccessionError(kind: .empty, input: input, reason: "it is empty")
        }
        let scalars = Array(trimmed.unicodeScalars)
        guard scalars.count >= 4 else {
            throw AccessionError(kind: .unknownPrefix, input: input, reason: "it is too short")
        }
        // Only ASCII letters count: `uppercased()` would turn a long s (U+017F) into `S`.
        let head = scalars[0..<3]
        let prefix = head.allSatisfy(\.isASCII) ? String(String.UnicodeScalarView(head)).uppercased() : ""
        guard let kind = Kind(rawValue: prefix) else {
            throw AccessionError(
                kind: .unknownPrefix, input: input, reason: "it does not start with GSE, GSM, GPL or GDS")
        }

        var number = 0
        let digits = scalars[3...]
        for scalar in digits {
            guard scalar.value >= 0x30, scalar.value <= 0x39 else {
                throw AccessionError(
                    kind: .invalidNumber, input: input,
                    reason:
                        "only digits may follow \(kind.prefix), and \(AccessionError.quote(String(scalar))) is not one")
            }
            if digits.count <= Self.maximumDigits {
                number = number * 10 + Int(scalar.value - 0x30)
            }
        }
        guard digits.count <= Self.maximumDigits else {
            throw AccessionError(
                kind: .invalidNumber, input: input,
                reason: "its number has \(digits.count) digits; at most \(Self.maximumDigits) are allowed")
        }
        guard digits.first?.value != 0x30 else {
            throw AccessionError(
                kind: .invalidNumber, input: input,
                reason: "its number starts with 0; GEO numbers have no leading zeros and start at 1")
        }
        self.kind = kind
        self.number = number
    }

    /// Parses and checks that the accession is of the kind a caller needs (a series for a family
    /// file, for example).
    public init(parsing input: String, as expected: Kind) throws(AccessionError) {
        let parsed = try Accession(parsing: input)
        guard parsed.kind == expected else {
            throw AccessionError.wrongKind(parsed, expected: [expected])
        }
        self = parsed
    }

    private static func trimmingWhitespace(_ text: String) -> Substring {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        var sub = Substring(text)
        while let first = sub.first, isSpace(first) { sub = sub.dropFirst() }
        while let last = sub.last, isSpace(last) { sub = sub.dropLast() }
        return sub
    }
}
