/// Inflates and parses a SOFT download as its bytes arrive (gzip or plain, sniffed).
///
/// Feed each received chunk to `consume`; the text is parsed while it is inflated, so nothing but
/// the parsed metadata (and a partial line) is held. Errors carry the line the parser had reached.
/// Not thread-safe: one stream parser belongs to one transfer at a time.
public final class SOFTStreamParser {
    private let inflater: GzipInflater
    private let parser: SOFTParser

    public init(
        tables: SOFTParser.TableMode = .skip, outputLimit: Int = GzipInflater.defaultOutputLimit,
        rowHandler: ((SOFTTableRow) throws -> Void)? = nil
    ) {
        inflater = GzipInflater(outputLimit: outputLimit)
        parser = SOFTParser(tables: tables, rowHandler: rowHandler)
    }

    /// Compressed (or plain) bytes received so far.
    public var bytesIn: Int { inflater.totalIn }
    /// Decompressed bytes parsed so far.
    public var bytesOut: Int { inflater.totalOut }

    /// Inflates and parses the next chunk of the download.
    public func consume(_ chunk: UnsafeRawBufferPointer) throws {
        try withLine { try inflater.feed(chunk) { try parser.consume($0) } }
    }

    /// Inflates and parses the next chunk of the download.
    public func consume(_ chunk: [UInt8]) throws {
        try chunk.withUnsafeBytes { try consume($0) }
    }

    /// Ends the download: checks the gzip stream is complete and returns the document.
    public func finish() throws -> SOFTDocument {
        try withLine {
            try inflater.finish { try parser.consume($0) }
            return try parser.finish()
        }
    }

    private func withLine<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SOFTError where error.line == nil {
            throw SOFTError(error.kind, error.message, line: parser.lineNumber, source: error.source)
        }
    }
}
