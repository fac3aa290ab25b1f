import Foundation
import GeoloopEngine
import Testing

@Test func scratchNginx() async throws {
    guard let base = ProcessInfo.processInfo.environment["SCRATCH_URL"] else { return }
    let engine = try TransferEngine()
    let response = try await engine.perform(TransferRequest(url: base + "/small.bin"))
    print(response.status, response.body.count, response.headers, response.httpVersion, response.timings)
    var bytes = 0
    let start = ContinuousClock.now
    for await item in engine.results(for: (0..<2000).map { _ in TransferRequest(url: base + "/small.bin") }) {
        bytes += (try? item.result.get().body.count) ?? -1_000_000
    }
    print("2000 small", bytes, ContinuousClock.now - start, engine.counters)
    await engine.shutdown()
    print("close", engine.lastLoopCloseResult as Any)
}
