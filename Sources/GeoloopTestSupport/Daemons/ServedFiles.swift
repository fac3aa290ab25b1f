import Foundation

/// A private temp directory of files with known bytes, for daemons to serve and tests to compare
/// against. Call `remove()` when done.
public struct ServedFiles: Sendable {
    public let path: String
    /// Every file added, by its path relative to `path`.
    public private(set) var files: [String: [UInt8]] = [:]

    public init() throws {
        path = try ScratchDirectory(prefix: "geoloop-served").path
    }

    /// Writes `bytes` to `name` (relative; intermediate directories are created).
    public mutating func add(_ name: String, bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: path + "/" + name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        files[name] = bytes
    }

    /// Adds `count` files named `<prefix>-<n>.bin` of `size` deterministic bytes each; returns their names.
    @discardableResult
    public mutating func addFiles(count: Int, size: Int, prefix: String) throws -> [String] {
        try (0..<count).map { n in
            let name = "\(prefix)-\(n).bin"
            try add(name, bytes: Self.deterministicBytes(count: size, seed: UInt64(n) &+ 1))
            return name
        }
    }

    /// Pseudo-random bytes that depend only on `count` and `seed` (a 64-bit LCG's high bits).
    public static func deterministicBytes(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
