import Foundation

/// A private directory under the system temp dir (mode 0700), removed by `remove()`.
struct ScratchDirectory: Sendable {
    let path: String

    init(prefix: String) throws {
        var template = Array((NSTemporaryDirectory() + "/\(prefix).XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        guard let made else { throw LoopbackPort.systemError("mkdtemp for \(prefix)") }
        path = made
    }

    /// `path/name`, creating it as a directory first when `directory` is true.
    func child(_ name: String, directory: Bool = false) throws -> String {
        let full = path + "/" + name
        if directory {
            try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        }
        return full
    }

    func write(_ text: String, to name: String) throws -> String {
        let full = path + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
        return full
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
