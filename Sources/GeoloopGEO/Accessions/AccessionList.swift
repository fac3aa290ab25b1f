/// A list of series accessions read from text, one per line, as `geoloop fetch --input` takes it.
///
/// Blank lines and lines starting with `#` are ignored, surrounding whitespace is trimmed,
/// duplicates are kept once (first occurrence), and each invalid line is reported with its
/// 1-based number instead of stopping the read.
public struct AccessionList: Sendable {
    /// One line that is not a series accession.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The 1-based line number (or argument position).
        public let line: Int
        /// What `line` counts: "line", or "argument" for command-line arguments.
        public let label: String
        public let error: AccessionError

        public var description: String { "\(label) \(line): \(error.description)" }
    }

    /// The valid accessions, in first-seen order, without duplicates.
    public private(set) var accessions: [Accession] = []
    /// The invalid lines, in order.
    public private(set) var problems: [Problem] = []
    /// How many duplicate lines were dropped.
    public private(set) var duplicates = 0
    private var seen: Set<Accession> = []

    public init() {}

    /// Reads `text` line by line (LF or CRLF).
    public init(text: String) {
        var number = 0
        // "\r\n" is one Character in Swift, so it is matched as a separator of its own.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            add(String(line), line: number)
        }
    }

    /// Adds one line (or argument): ignored when blank or a `#` comment.
    public mutating func add(_ text: String, line: Int, label: String = "line") {
        let trimmed = text.trimmingASCIIWhitespace()
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return }
        do {
            let accession = try Accession(parsing: trimmed, as: .series)
            if seen.insert(accession).inserted {
                accessions.append(accession)
            } else {
                duplicates += 1
            }
        } catch {
            problems.append(Problem(line: line, label: label, error: error))
        }
    }

    /// Appends another list's accessions (skipping ones already present) and problems.
    public mutating func merge(_ other: AccessionList) {
        for accession in other.accessions {
            if seen.insert(accession).inserted {
                accessions.append(accession)
            } else {
                duplicates += 1
            }
        }
        duplicates += other.duplicates
        problems += other.problems
    }
}

extension String {
    fileprivate func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
