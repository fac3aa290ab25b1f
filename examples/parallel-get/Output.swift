#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes one line to standard error.
func printError(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(2, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}

/// Creates `path` and any missing parent directories (like `mkdir -p`); returns why not, or nil.
func makeDirectories(_ path: String) -> String? {
    var prefix = path.hasPrefix("/") ? "/" : ""
    for component in path.split(separator: "/") {
        prefix += component
        if mkdir(prefix, 0o755) != 0 {
            let failure = errno
            var status = stat()
            guard failure == EEXIST, stat(prefix, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
                let reason = failure == EEXIST ? "'\(prefix)' exists and is not a directory" : describe(failure)
                return reason
            }
        }
        prefix += "/"
    }
    return nil
}

/// The C library's text for an errno value.
func describe(_ code: Int32) -> String {
    String(cString: strerror(code))
}

/// Seconds with three decimals, e.g. "0.172".
func threeDecimals(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let milliseconds = seconds * 1000 + (attoseconds + 500_000_000_000_000) / 1_000_000_000_000_000
    let fraction = String(milliseconds % 1000)
    return "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
}

/// `line` without leading and trailing spaces and tabs.
func trimmingSpaces(_ line: String) -> String {
    let bytes = line.utf8
    guard let first = bytes.firstIndex(where: { $0 != 32 && $0 != 9 }) else { return "" }
    let last = bytes.lastIndex(where: { $0 != 32 && $0 != 9 })!
    if first == bytes.startIndex, bytes.index(after: last) == bytes.endIndex { return line }
    return String(line[first...last])
}
