extension SOFTDocument {
    public var series: [GEOSeries] { entities(.series).map(GEOSeries.init) }
    public var platforms: [GEOPlatform] { entities(.platform).map(GEOPlatform.init) }
    public var samples: [GEOSample] { entities(.sample).map(GEOSample.init) }
    public var datasets: [GEODataset] { entities(.dataset).map(GEODataset.init) }
    public var subsets: [GEOSubset] { entities(.subset).map(GEOSubset.init) }
}
