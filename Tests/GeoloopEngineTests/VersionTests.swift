import GeoloopEngine
import Testing

@Test func linksDebianLibraries() {
    #expect(LibraryVersions.curl.hasPrefix("7.") || LibraryVersions.curl.hasPrefix("8."))
    #expect(LibraryVersions.uv.hasPrefix("1."))
}
