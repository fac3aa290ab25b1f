import GeoloopEngine
import GeoloopTestSupport
import Synchronization
import Testing

@Suite struct HandOffTests {
    struct ParseFailure: Error, Equatable {}

    @Test func processingRunsOnThePoolNotTheLoop() async throws {
        try await withScriptedServer { server in
            server.setDefault(.generated(count: 20_000, seed: 21))
            var configuration = EngineConfiguration()
            configuration.processingWidth = 2
            try await withCheckedEngine(configuration) { engine in
                let expected = bodyChecksum(ResponseScript.Body.generatedBytes(count: 20_000, seed: 21))
                let gauge = ConcurrencyGauge()
                try await withThrowingTaskGroup(of: (Bool, UInt64).self) { group in
                    for index in 0..<40 {
                        group.addTask {
                            try await engine.perform(TransferRequest(url: server.baseURL + "/p/\(index)")) { response in
                                gauge.enter()
                                defer { gauge.leave() }
                                return (engine.isOnLoopThread, bodyChecksum(response.body))
                            }
                        }
                    }
                    for try await (onLoop, sum) in group {
                        #expect(!onLoop)
                        #expect(sum == expected)
                    }
                }
                #expect(gauge.widest.load(ordering: .relaxed) <= 2)
                #expect(engine.counters.bufferedBodyBytes == 0)
            }
        }
    }

    @Test func processingErrorsReachTheCaller() async throws {
        try await withScriptedServer { server in
            server.setRoute("/bad", .text("not what the parser wants"))
            try await withCheckedEngine { engine in
                await #expect(throws: ParseFailure.self) {
                    _ = try await engine.perform(TransferRequest(url: server.baseURL + "/bad")) { _ -> Int in
                        throw ParseFailure()
                    }
                }
                #expect(engine.counters.bufferedBodyBytes == 0)
            }
        }
    }

    @Test func transferErrorsSkipProcessing() async throws {
        let port = try closedLoopbackPort()
        try await withCheckedEngine { engine in
            let called = Atomic<Bool>(false)
            do {
                _ = try await engine.perform(TransferRequest(url: "http://127.0.0.1:\(port)/")) { _ in
                    called.store(true, ordering: .relaxed)
                }
                Issue.record("expected a connect error")
            } catch {
                #expect((error as? TransferError)?.kind == .connect)
            }
            let wasCalled = called.load(ordering: .relaxed)
            #expect(!wasCalled)
        }
    }
}

/// Counts closures running at once and the most seen.
final class ConcurrencyGauge: Sendable {
    let running = Atomic<Int>(0)
    let widest = Atomic<Int>(0)

    func enter() {
        let now = running.add(1, ordering: .relaxed).newValue
        var current = widest.load(ordering: .relaxed)
        while now > current {
            let (exchanged, original) = widest.compareExchange(expected: current, desired: now, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    func leave() {
        running.subtract(1, ordering: .relaxed)
    }
}
