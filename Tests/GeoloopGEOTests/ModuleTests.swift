import GeoloopGEO
import Testing

@Test func toolNameIsGeoloop() {
    #expect(GeoloopGEO.toolName == "geoloop")
}
