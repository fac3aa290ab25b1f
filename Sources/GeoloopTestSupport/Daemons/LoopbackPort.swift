import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Port helpers for daemons on 127.0.0.1. Picking a free port is inherently racy (another process
/// may take it between our close and the daemon's bind); daemons retry their start when that happens.
public enum LoopbackPort {
    /// A port the kernel considers free right now: bind 127.0.0.1:0, read the port, close.
    public static func free() throws -> Int {
        let fd = try openSocket()
        defer { close(fd) }
        var address = loopback(port: 0)
        guard bind(fd, &address) == 0 else { throw systemError("bind 127.0.0.1:0") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let status = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard status == 0 else { throw systemError("getsockname") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// `count` consecutive ports that can all be bound right now (for vsftpd's passive range).
    public static func freeRange(count: Int) throws -> ClosedRange<Int> {
        for _ in 0..<50 {
            let first = try free()
            let range = first...(first + count - 1)
            if range.upperBound < 65_536 && range.allSatisfy(isBindable) { return range }
        }
        throw DaemonError(.system, "found no \(count) consecutive free ports on 127.0.0.1 in 50 attempts")
    }

    /// True when something accepts TCP connections on 127.0.0.1:`port`.
    public static func acceptsConnections(_ port: Int) -> Bool {
        guard let fd = try? openSocket() else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    static func isBindable(_ port: Int) -> Bool {
        guard let fd = try? openSocket() else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return bind(fd, &address) == 0
    }

    static func openSocket() throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw systemError("socket") }
        return fd
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private static func bind(_ fd: Int32, _ address: inout sockaddr_in) -> Int32 {
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }

    static func systemError(_ call: String) -> DaemonError {
        DaemonError(.system, "\(call) failed: \(String(cString: strerror(errno)))")
    }
}
