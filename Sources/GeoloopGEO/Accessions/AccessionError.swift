/// Why a text is not a GEO accession, quoting the text (made printable) and saying what a valid
/// accession looks like.
public struct AccessionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, for programs.
    public enum Kind: Hashable, Sendable {
        /// The input is empty or only whitespace.
        case empty
        /// The input is longer than any accession could be.
        case tooLong
        /// The input does not start with `GSE`, `GSM`, `GPL` or `GDS`.
        case unknownPrefix
        /// The part after the prefix is not a number from 1 to 999999999 without leading zeros.
        case invalidNumber
        /// A valid accession of a kind the operation cannot use (a sample where a series is needed).
        case wrongKind
    }

    /// What is wrong.
    public let kind: Kind
    /// The input as given (unescaped; ``description`` shows it escaped and shortened).
    public let input: String
    /// The specific reason, in words.
    public let reason: String

    /// Creates an error; ``description`` quotes `input` printably.
    public init(kind: Kind, input: String, reason: String) {
        self.kind = kind
        self.input = input
        self.reason = reason
    }

    /// What a valid accession looks like, appended to every message.
    public static let validForm =
        "an accession is GSE, GSM, GPL or GDS followed by a number without leading zeros, such as GSE100494"

    public var description: String {
        switch kind {
        case .wrongKind: "\(Self.quote(input)) cannot be used here: \(reason)"
        default: "\(Self.quote(input)) is not a GEO accession: \(reason); \(Self.validForm)"
        }
    }

    static func wrongKind(_ accession: Accession, expected: [Accession.Kind]) -> AccessionError {
        let wanted = expected.map { "a \($0.noun) (\($0.prefix)...)" }.joined(separator: " or ")
        return AccessionError(
            kind: .wrongKind, input: accession.description,
            reason: "it is a \(accession.kind.noun); this needs \(wanted)")
    }

    /// Quotes a text for a message: control characters, NUL and quotes escaped, shortened past
    /// 40 characters, so the message stays one printable line whatever the input held.
    public static func quote(_ text: String) -> String {
        var out = "\""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == 40 {
                out += "...(\(text.unicodeScalars.count) characters)"
                break
            }
            count += 1
            switch scalar {
            case "\0": out += "\\0"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0) {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else if scalar.properties.generalCategory == .format
                    || scalar.properties.generalCategory == .lineSeparator
                    || scalar.properties.generalCategory == .paragraphSeparator
                {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
