import Dispatch
import Foundation
import GeoloopLocks
import GeoloopSOFT
import GeoloopTestSupport
import Testing

/// Counts jobs that are inside the pool at once.
final class Occupancy: Sendable {
    private let counts = Lock((now: 0, peak: 0, started: 0))  // Lock: guards all three counters.

    func enter() {
        counts.withLock {
            $0.now += 1
            $0.started += 1
            $0.peak = max($0.peak, $0.now)
        }
    }

    func leave() { counts.withLock { $0.now -= 1 } }
    var peak: Int { counts.withLock { $0.peak } }
    var started: Int { counts.withLock { $0.started } }
}

@Suite struct PoolTests {
    @Test func parsesRealFilesLikeTheDirectParser() async throws {
        let pool = SOFTParsePool(width: 2)
        let names = ["GSE100494_GSM.soft", "GSM11805.txt.gz", "GPL4133.txt", "soft_ex_family.txt"]
        let documents = try await withThrowingTaskGroup(of: (String, SOFTDocument).self) { group in
            for name in names {
                group.addTask { (name, try await pool.parseFile(atPath: geoFile(name))) }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        for name in names {
            #expect(documents[name] == (try SOFTParser.parseFile(atPath: geoFile(name))), "\(name)")
        }
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: geoFile("GSM11805.txt.gz"))))
        let fromBuffer = try await pool.parse(bytes, tables: .keep)
        #expect(fromBuffer.entities[0].table?.rows?.count == 22283)
        #expect(pool.queueDepth == 0)
    }

    @Test func runsAtMostWidthJobsAndReportsItsDepth() async throws {
        let pool = SOFTParsePool(width: 2, capacity: 5)
        let gate = DispatchSemaphore(value: 0)
        let occupancy = Occupancy()
        let jobs = 6
        let tasks = (0..<jobs).map { index in
            Task {
                try await pool.submit {
                    occupancy.enter()
                    gate.wait()
                    occupancy.leave()
                    return index
                }
            }
        }
        while pool.queueDepth < jobs { await Task.yield() }
        #expect(pool.runningCount == 2)
        #expect(pool.isFull)
        for _ in 0..<jobs { gate.signal() }
        var results: [Int] = []
        for task in tasks { results.append(try await task.value) }
        #expect(results == Array(0..<jobs))
        #expect(occupancy.peak <= 2)
        #expect(occupancy.started == jobs)
        #expect(pool.queueDepth == 0)
        #expect(!pool.isFull)
    }

    @Test func dropsAWaitingJobWhenCancelled() async throws {
        let pool = SOFTParsePool(width: 1)
        let gate = DispatchSemaphore(value: 0)
        let blocker = Task { try await pool.submit { gate.wait() } }
        while pool.runningCount < 1 { await Task.yield() }
        let waiter = Task { try await pool.submit { 42 } }
        while pool.queueDepth < 2 { await Task.yield() }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(pool.queueDepth == 1)
        gate.signal()
        try await blocker.value
        #expect(pool.queueDepth == 0)
    }

    @Test func attributesErrorsToTheirSource() async throws {
        let pool = SOFTParsePool(width: 1)
        let error = await #expect(throws: SOFTError.self) {
            try await pool.parse(Array("<html>\n".utf8), source: "GSE1_family.soft.gz")
        }
        #expect(error?.source == "GSE1_family.soft.gz")
        #expect(error?.kind == .notSOFT)
        let missing = await #expect(throws: SOFTError.self) { try await pool.parseFile(atPath: "/nonexistent.soft") }
        #expect(missing?.kind == .io)
    }
}
