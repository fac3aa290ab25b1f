import CZlib

/// The zlib the SOFT pipeline inflates with, as it reports itself at run time.
public enum ZlibVersion {
    public static var string: String { String(cString: zlibVersion()) }
}
