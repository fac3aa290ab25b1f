/// The GEO client: accessions, NCBI endpoints, the verified on-disk cache, politeness and retries,
/// built on GeoloopEngine (transfers) and GeoloopSOFT (parsing).
public enum GeoloopGEO {
    /// The name sent as E-utilities' `tool` parameter and in the User-Agent.
    public static let toolName = "geoloop"
}
