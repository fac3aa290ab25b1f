#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An incremental, byte-level SOFT parser.
///
/// Feed it the decompressed text in chunks of any size (`consume`), then call `finish`. A partial
/// line is carried across chunks, so memory stays bounded by the longest line plus what is kept.
/// Tables are skipped by default: each table line costs one `memchr` for its newline and a look at
/// its first byte, and only the header and the row count are kept. `.keep` keeps every row; a row
/// handler receives rows one by one as they are read.
///
/// Line endings LF, CRLF and `\r\r\n` are accepted, and so is a last line without a newline.
/// Invalid UTF-8 becomes U+FFFD. Errors are `SOFTError`s carrying the 1-based line number.
/// Not thread-safe: one parser belongs to one task at a time.
public final class SOFTParser {
    /// What to do with table rows.
    public enum TableMode: Sendable, Hashable {
        /// Count rows and keep the header only (the default, at memory-scan speed).
        case skip
        /// Keep every row in `SOFTTable.text` (compact bytes; `SOFTTable.rows` decodes them).
        case keep
    }

    public let tableMode: TableMode
    /// The longest line accepted, in bytes (32 MiB): a longer one is a `too_large` error, so a small
    /// gzip that inflates to one endless line (a decompression bomb) cannot fill memory. Real SOFT
    /// lines are table rows and attribute values of at most a few hundred kilobytes.
    public static let maxLineBytes = 32 << 20
    /// Lines completed so far (the line number of the last line read).
    public private(set) var lineNumber = 0

    private let rowHandler: ((SOFTTableRow) throws -> Void)?
    private var carry: [UInt8] = []
    private var entities: [SOFTEntity] = []
    private var current: SOFTEntity?
    private var finished = false

    // The open table of `current`, kept outside the entity so the hot loop touches plain fields.
    private var inTable = false
    private var headerSeen = false
    private var rowCount = 0
    private var columns: [String] = []
    private var rows = SOFTTableText()
    /// True while rows need nothing but counting (the hot path).
    private var countOnly = false

    /// - Parameters:
    ///   - tables: whether to skip (count) or keep table rows.
    ///   - rowHandler: called for every data row as it is read; rows are split into fields only when
    ///     rows are kept or a handler is given. An error it throws stops the parse.
    public init(tables: TableMode = .skip, rowHandler: ((SOFTTableRow) throws -> Void)? = nil) {
        self.tableMode = tables
        self.rowHandler = rowHandler
    }

    /// Parses the next chunk of text.
    public func consume(_ chunk: UnsafeRawBufferPointer) throws {
        precondition(!finished, "SOFTParser.consume called after finish")
        guard var p = chunk.baseAddress, chunk.count > 0 else { return }
        let end = p + chunk.count

        if !carry.isEmpty {
            guard let newline = memchr(p, 0x0A, end - p) else {
                carry.append(contentsOf: chunk)
                try checkCarryLength()
                return
            }
            let stop = UnsafeRawPointer(newline)
            carry.append(contentsOf: UnsafeRawBufferPointer(start: p, count: stop - p))
            lineNumber += 1
            try carry.withUnsafeBytes { try line($0.baseAddress!, $0.baseAddress! + $0.count) }
            carry.removeAll(keepingCapacity: carry.capacity <= 1 << 16)
            p = stop + 1
        }

        while p < end {
            guard let newline = memchr(p, 0x0A, end - p) else {
                carry.append(contentsOf: UnsafeRawBufferPointer(start: p, count: end - p))
                try checkCarryLength()
                return
            }
            let stop = UnsafeRawPointer(newline)
            lineNumber += 1
            if countOnly {
                // Hot path: a table line is a row unless it is blank or starts with '!', '^' or '\r'.
                if stop == p {
                    p = stop + 1
                    continue
                }
                let first = p.load(as: UInt8.self)
                if first != Byte.bang && first != Byte.caret && first != Byte.cr {
                    rowCount += 1
                    p = stop + 1
                    continue
                }
            }
            try line(p, stop)
            p = stop + 1
        }
    }

    /// Throws when the unfinished line carried across chunks is longer than ``maxLineBytes``.
    private func checkCarryLength() throws {
        guard carry.count > Self.maxLineBytes else { return }
        let line = lineNumber + 1
        carry = []
        throw SOFTError(
            .tooLarge,
            "line \(line) is longer than \(Self.maxLineBytes >> 20) MiB; this is not a GEO SOFT file"
                + " (or it is damaged): check its source",
            line: line)
    }

    /// Parses the last line (which may lack a newline), closes the last entity and returns the document.
    public func finish() throws -> SOFTDocument {
        precondition(!finished, "SOFTParser.finish called twice")
        finished = true
        if !carry.isEmpty {
            lineNumber += 1
            let last = carry
            carry = []
            try last.withUnsafeBytes { try line($0.baseAddress!, $0.baseAddress! + $0.count) }
        }
        closeEntity()
        guard !entities.isEmpty else {
            throw SOFTError(
                .notSOFT,
                "no SOFT entity found (the input is empty or has no '^' line); expected text such as "
                    + "'^SERIES = GSE1'", line: max(lineNumber, 1))
        }
        return SOFTDocument(entities: entities, lineCount: lineNumber)
    }

    // MARK: - Lines

    /// Handles one line, `start..<stop`, without its '\n'.
    private func line(_ start: UnsafeRawPointer, _ stop: UnsafeRawPointer) throws {
        var stop = stop
        while stop > start && (stop - 1).load(as: UInt8.self) == Byte.cr { stop -= 1 }
        guard stop > start else { return }

        switch start.load(as: UInt8.self) {
        case Byte.caret:
            try entityLine(start + 1, stop)
        case Byte.bang:
            try bangLine(start, stop)
        case Byte.hash where !inTable:
            guard current != nil else { throw notSOFT(start, stop) }
            let (name, description) = split(start + 1, stop)
            current!.columnDescriptions.append(
                SOFTColumn(name: text(name.0, name.1), description: text(description.0, description.1)))
        default:
            guard inTable else {
                guard current != nil else { throw notSOFT(start, stop) }
                throw SOFTError(
                    .malformed,
                    "a table row outside any table: '\(quote(start, stop))'; a table must open with a "
                        + "'!<kind>_table_begin' line", line: lineNumber)
            }
            try tableLine(start, stop)
        }
    }

    private func entityLine(_ start: UnsafeRawPointer, _ stop: UnsafeRawPointer) throws {
        closeEntity()
        let (kind, accession) = split(start, stop)
        current = SOFTEntity(
            kind: text(kind.0, kind.1), accession: text(accession.0, accession.1), line: lineNumber)
    }

    private func bangLine(_ start: UnsafeRawPointer, _ stop: UnsafeRawPointer) throws {
        let body = start + 1
        let hasEquals = memchr(body, Int32(Byte.equals), stop - body) != nil
        if !hasEquals {
            let name = trim(body, stop)
            if hasSuffix(name, "_table_begin") { return try beginTable(start, stop) }
            if hasSuffix(name, "_table_end") {
                // An end marker outside a table (or of another kind, as in GPL20814) just ends what is open.
                if inTable { closeTable(markerMissing: false) }
                return
            }
        }
        guard current != nil else { throw notSOFT(start, stop) }
        let (name, value) = split(body, stop)
        current!.attributes.append(text(value.0, value.1), for: attributeKey(name.0, name.1))
    }

    private func beginTable(_ start: UnsafeRawPointer, _ stop: UnsafeRawPointer) throws {
        guard let entity = current else { throw notSOFT(start, stop) }
        guard !inTable && entity.table == nil else {
            throw SOFTError(
                .malformed,
                "'\(quote(start, stop))' opens a second table in \(entity.kind) '\(entity.accession)' "
                    + "(line \(entity.line)); an entity has at most one table", line: lineNumber)
        }
        inTable = true
        headerSeen = false
        rowCount = 0
        columns = []
        rows = SOFTTableText()
        countOnly = false
    }

    private func tableLine(_ start: UnsafeRawPointer, _ stop: UnsafeRawPointer) throws {
        guard headerSeen else {
            columns = fields(start, stop)
            headerSeen = true
            countOnly = tableMode == .skip && rowHandler == nil
            return
        }
        let index = rowCount
        rowCount += 1
        if tableMode == .keep { rows.append(UnsafeRawBufferPointer(start: start, count: stop - start)) }
        if let rowHandler, let entity = current {
            try rowHandler(
                SOFTTableRow(
                    entityKind: entity.kind, entityAccession: entity.accession, columns: columns, index: index,
                    fields: fields(start, stop), line: lineNumber))
        }
    }

    private func closeTable(markerMissing: Bool) {
        guard inTable else { return }
        current?.table = SOFTTable(
            columns: columns, rowCount: rowCount, text: tableMode == .keep ? rows : nil,
            endMarkerMissing: markerMissing)
        inTable = false
        countOnly = false
        columns = []
        rows = SOFTTableText()
    }

    private func closeEntity() {
        closeTable(markerMissing: true)
        if let entity = current { entities.append(entity) }
        current = nil
    }

    private func notSOFT(_ start: UnsafeRawPointer, _ stop: UnsafeRawPointer) -> SOFTError {
        SOFTError(
            .notSOFT,
            "the text is not SOFT: '\(quote(start, stop))' comes before any entity line such as "
                + "'^SERIES = GSE1' (an HTML error page or a truncated download?)", line: lineNumber)
    }
}
