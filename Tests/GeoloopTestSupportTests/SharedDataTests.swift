import Foundation
import GeoloopTestSupport
import Testing

@Test func findsTheSharedGEOFiles() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: SharedData.geoDirectory.path)
    #expect(names.contains("GSE105845_family.soft"))
}
