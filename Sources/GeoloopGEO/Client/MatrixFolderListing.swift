/// Reads the platforms of a series' matrix parts out of the file server's folder listing: every
/// link (`href="..."`) whose last path component is `<GSE>-<GPL>_series_matrix.txt.gz` for this
/// series, in platform number order, each once.
enum MatrixFolderListing {
    static func platforms(of series: Accession, in listing: [UInt8]) -> [Accession] {
        let prefix = Array("\(series)-".utf8)
        let suffix = Array("_series_matrix.txt.gz".utf8)
        var found = Set<Accession>()
        for link in links(in: listing) {
            let name = link.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).last ?? []
            guard name.count > prefix.count + suffix.count, name.starts(with: prefix),
                name.reversed().starts(with: suffix.reversed())
            else { continue }
            let middle = name.dropFirst(prefix.count).dropLast(suffix.count)
            guard let platform = try? Accession(parsing: String(decoding: middle, as: UTF8.self)),
                platform.kind == .platform
            else { continue }
            found.insert(platform)
        }
        return found.sorted { $0.number < $1.number }
    }

    /// The values of `href="..."` (or `href='...'`) attributes, in order.
    private static func links(in html: [UInt8]) -> [ArraySlice<UInt8>] {
        let marker = Array("href=".utf8)
        var result: [ArraySlice<UInt8>] = []
        var index = 0
        while let found = html[index...].firstRange(of: marker), found.upperBound < html.count {
            let quote = html[found.upperBound]
            let start = found.upperBound + 1
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'"),
                let end = html[start...].firstIndex(of: quote)
            else {
                index = found.upperBound
                continue
            }
            result.append(html[start..<end])
            index = end + 1
        }
        return result
    }
}
