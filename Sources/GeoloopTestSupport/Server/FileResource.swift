import Foundation
import Glibc

/// An open regular file to serve, with what its validators are made of.
struct FileResource {
    let fd: Int32
    let size: Int
    /// Modification time in whole seconds since the epoch.
    let modifiedSeconds: Int
    let modifiedNanoseconds: Int

    enum Failure: Error {
        case notFound
        case escapesRoot
        case unreadable(String)
    }

    /// Opens a regular file; directories and missing files are `.notFound`.
    static func open(path: String) -> Result<FileResource, Failure> {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return .failure(.notFound) }
            return .failure(.unreadable("cannot open \(path): \(String(cString: strerror(errno)))"))
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            return .failure(.notFound)
        }
        return .success(
            FileResource(
                fd: fd, size: Int(info.st_size), modifiedSeconds: Int(info.st_mtim.tv_sec),
                modifiedNanoseconds: Int(info.st_mtim.tv_nsec)))
    }

    /// Maps a request path onto a file under `root` (a real path without a trailing slash).
    static func open(requestPath: String, root: String) -> Result<FileResource, Failure> {
        guard let decoded = requestPath.removingPercentEncoding, !decoded.contains("\0") else {
            return .failure(.escapesRoot)
        }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true)
        guard !segments.contains("..") else { return .failure(.escapesRoot) }
        let joined = root + "/" + segments.joined(separator: "/")
        guard let resolved = realpath(joined, nil) else { return .failure(.notFound) }
        let real = String(cString: resolved)
        free(resolved)
        guard real.hasPrefix(root + "/") else { return .failure(.notFound) }
        return open(path: real)
    }

    /// A strong validator from size and modification time.
    var etag: String {
        "\"\(String(size, radix: 16))-\(String(modifiedSeconds, radix: 16))\(String(modifiedNanoseconds, radix: 16))\""
    }

    var lastModified: String { HTTPDate.format(secondsSinceEpoch: modifiedSeconds) }

    /// Content-Type by extension: GEO's text files are text/plain; everything else (.gz too) is bytes.
    static func contentType(forPath path: String) -> String {
        if path.hasSuffix(".txt") || path.hasSuffix(".soft") { return "text/plain" }
        return "application/octet-stream"
    }
}

/// IMF-fixdate formatting and parsing (`Sun, 06 Nov 1994 08:49:37 GMT`), without locales.
enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(secondsSinceEpoch: Int) -> String {
        var time = time_t(secondsSinceEpoch)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) "
            + "\(parts.tm_year + 1900) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    static func parse(_ text: String) -> Int? {
        let fields = text.split(separator: " ")
        guard fields.count == 6, fields[5] == "GMT", let day = Int32(fields[1]),
            let month = months.firstIndex(of: String(fields[2])), let year = Int32(fields[3])
        else { return nil }
        let clock = fields[4].split(separator: ":").compactMap { Int32($0) }
        guard clock.count == 3 else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = Int32(month)
        parts.tm_mday = day
        parts.tm_hour = clock[0]
        parts.tm_min = clock[1]
        parts.tm_sec = clock[2]
        return Int(timegm(&parts))
    }
}
