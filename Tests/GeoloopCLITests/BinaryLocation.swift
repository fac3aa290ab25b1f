import Foundation
import Testing

/// The built `geoloop` executable: it sits in the products directory beside the test bundle.
func geoloopBinary() throws -> URL {
    try productBinary("geoloop")
}

/// A built executable product of this package, found in the products directory beside the test bundle.
func productBinary(_ name: String) throws -> URL {
    var dir = Bundle.main.bundleURL
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    throw BinaryNotFound(name: name, searchedFrom: Bundle.main.bundleURL.path)
}

struct BinaryNotFound: Error, CustomStringConvertible {
    var name: String
    var searchedFrom: String
    var description: String { "the \(name) executable was not found near \(searchedFrom); run `swift build` first" }
}

@Test func theBinaryIsBuilt() throws {
    let url = try geoloopBinary()
    #expect(FileManager.default.isExecutableFile(atPath: url.path))
}
