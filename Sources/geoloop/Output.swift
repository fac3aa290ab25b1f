#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Unbuffered writes to standard output and standard error, whole or not at all.
enum Output {
    static func out(_ bytes: [UInt8]) { write(bytes, to: 1) }
    static func out(_ text: String) { write(Array(text.utf8), to: 1) }
    static func err(_ text: String) { write(Array(text.utf8), to: 2) }

    private static func write(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                #if canImport(Glibc)
                    let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #else
                    let written = Darwin.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #endif
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // A closed pipe: nothing more can be said.
                }
                offset += written
            }
        }
    }
}
