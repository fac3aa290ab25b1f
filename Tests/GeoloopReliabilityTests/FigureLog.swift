import Foundation

/// Figures a run measured (faults injected, retries, memory), appended as one line each to the file
/// named by `GEOLOOP_RELIABILITY_FIGURES` when it is set; nothing is written otherwise. Tests never
/// print: this file is how docs/RELIABILITY.md gets its numbers.
enum FigureLog {
    static func record(_ test: String, _ figures: KeyValuePairs<String, Int>) {
        guard let path = ProcessInfo.processInfo.environment["GEOLOOP_RELIABILITY_FIGURES"] else { return }
        let text = figures.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let line = Array("\(test): \(text)\n".utf8)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard descriptor >= 0 else { return }
        _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }
}
