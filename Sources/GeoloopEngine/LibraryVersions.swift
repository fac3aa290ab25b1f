import CCurl
import CUV

/// The versions of the C libraries the engine runs on, as they report themselves at run time.
public enum LibraryVersions {
    /// libcurl's version string, e.g. "7.88.1".
    public static var curl: String {
        guard let info = curl_version_info(CURLVERSION_TENTH) else { return "unknown" }
        return String(cString: info.pointee.version)
    }

    /// libuv's version string, e.g. "1.44.2".
    public static var uv: String {
        String(cString: uv_version_string())
    }
}
