import GeoloopEngine

print(LibraryVersions.curl)
