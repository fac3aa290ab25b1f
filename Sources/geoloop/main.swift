import GeoloopEngine
import GeoloopSOFT

print("geoloop (libcurl \(LibraryVersions.curl), libuv \(LibraryVersions.uv), zlib \(ZlibVersion.string))")
