import GeoloopSOFT
import Testing

@Test func linksZlib() {
    #expect(ZlibVersion.string.hasPrefix("1."))
}
