import GeoloopTestSupport

// Filled in by the corpus generator work: writes the deterministic benchmark corpus.
print(SharedData.geoDirectory.path)
