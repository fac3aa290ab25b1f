import Foundation

/// Where the real GEO files shipped beside the project live (`../shared/data/geo`).
public enum SharedData {
    /// The `shared/data/geo` directory, found by walking up from this source file.
    public static var geoDirectory: URL {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("shared/data/geo")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            let sibling = dir.deletingLastPathComponent().appendingPathComponent("shared/data/geo")
            if FileManager.default.fileExists(atPath: sibling.path) { return sibling }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: "../shared/data/geo")
    }
}
