extension SOFTParser {
    /// Parses a whole buffer of SOFT text, or of gzip-compressed SOFT (sniffed from its first bytes).
    public static func parse(
        _ bytes: [UInt8], tables: TableMode = .skip, outputLimit: Int = GzipInflater.defaultOutputLimit
    ) throws -> SOFTDocument {
        try bytes.withUnsafeBytes { try parse($0, tables: tables, outputLimit: outputLimit) }
    }

    /// Parses a buffer of SOFT text or gzip-compressed SOFT, inflating and parsing in step.
    public static func parse(
        _ buffer: UnsafeRawBufferPointer, tables: TableMode = .skip,
        outputLimit: Int = GzipInflater.defaultOutputLimit
    ) throws -> SOFTDocument {
        let parser = SOFTParser(tables: tables)
        guard Gzip.isGzip(buffer) else {
            if buffer.count > outputLimit {
                throw SOFTError(.tooLarge, "the text exceeds the limit of \(outputLimit) bytes")
            }
            try parser.consume(buffer)
            return try parser.finish()
        }
        let inflater = GzipInflater(outputLimit: outputLimit)
        do {
            try inflater.feed(buffer) { try parser.consume($0) }
            try inflater.finish { try parser.consume($0) }
            return try parser.finish()
        } catch let error as SOFTError {
            throw error.line == nil ? SOFTError(error.kind, error.message, line: parser.lineNumber) : error
        }
    }

    /// Parses a file of SOFT text or gzip-compressed SOFT, reading, inflating and parsing it in
    /// chunks so memory stays bounded (with tables skipped) whatever the file's size.
    ///
    /// The path `-` reads standard input. Errors are attributed to `path`.
    public static func parseFile(
        atPath path: String, tables: TableMode = .skip, outputLimit: Int = GzipInflater.defaultOutputLimit,
        rowHandler: ((SOFTTableRow) throws -> Void)? = nil
    ) throws -> SOFTDocument {
        let parser = SOFTParser(tables: tables, rowHandler: rowHandler)
        let inflater = GzipInflater(outputLimit: outputLimit)
        do {
            try FileChunks.forEachChunk(path: path) { chunk in
                try inflater.feed(chunk) { try parser.consume($0) }
            }
            try inflater.finish { try parser.consume($0) }
            return try parser.finish()
        } catch let error as SOFTError {
            // A gzip error is tied to how far the parser got in the text.
            let line = error.line ?? (error.kind == .io ? nil : parser.lineNumber)
            throw SOFTError(error.kind, error.message, line: line, source: path)
        }
    }
}
