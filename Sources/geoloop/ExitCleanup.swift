import Foundation
import GeoloopLocks

/// Temporary files and directories the process has created and not yet committed or removed, so
/// an immediate exit (the second Ctrl-C) can remove them instead of leaving them behind.
final class ExitCleanup: Sendable {
    static let shared = ExitCleanup()

    private let paths = Lock<[String: Bool]>([:])  // the Lock guards the table: path -> isDirectory

    /// Notes a temporary file or directory to remove on an immediate exit.
    func add(_ path: String, isDirectory: Bool = false) {
        paths.withLock { $0[path] = isDirectory }
    }

    /// Forgets a path that was committed or removed.
    func remove(_ path: String) {
        _ = paths.withLock { $0.removeValue(forKey: path) }
    }

    /// Removes every path still noted (directories with their contents); for the moment before
    /// `_exit`, so it never throws and takes the table's paths only once.
    func removeAll() {
        let pending = paths.withLock { table in
            defer { table.removeAll() }
            return table
        }
        for (path, isDirectory) in pending {
            if isDirectory {
                try? FileManager.default.removeItem(atPath: path)
            } else {
                unlink(path)
            }
        }
    }
}
