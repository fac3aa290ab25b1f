extension GEOClient {
    /// Fetches and parses many series, ``GEOClientConfiguration/concurrency`` at a time, yielding
    /// each outcome as it completes. Duplicates are fetched once but reported for each occurrence.
    public func harvest(_ accessions: [Accession]) -> HarvestRun {
        let counters = HarvestCounters(requested: accessions.count)
        let (stream, continuation) = AsyncStream.makeStream(of: HarvestOutcome.self)
        let width = max(1, configuration.concurrency)
        let run = HarvestRun(stream: stream, counters: counters, unreadLimit: width)
        harvests.add(run)

        let task = Task {
            await withTaskGroup(of: Void.self) { group in
                var next = 0
                func startNext() -> Bool {
                    guard next < accessions.count, !Task.isCancelled, !run.isCancelled else { return false }
                    let accession = accessions[next]
                    next += 1
                    counters.queued.subtract(1, ordering: .relaxed)
                    counters.inFlight.add(1, ordering: .relaxed)
                    group.addTask {
                        let outcome = await self.outcome(for: accession, counters: counters)
                        counters.inFlight.subtract(1, ordering: .relaxed)
                        switch outcome {
                        case .success: counters.succeeded.add(1, ordering: .relaxed)
                        case .failure: counters.failed.add(1, ordering: .relaxed)
                        }
                        run.noteYielded()
                        continuation.yield(outcome)
                    }
                    return true
                }
                var running = 0
                while running < width, startNext() { running += 1 }
                for await _ in group {
                    await run.waitForRoom()
                    _ = startNext()
                }
            }
            continuation.finish()
            self.harvests.remove(run)
        }
        continuation.onTermination = { termination in
            if case .cancelled = termination { run.cancel() }
        }
        run.attach(task)
        return run
    }

    /// One accession of a harvest: the parsed family file, or why not.
    func outcome(for accession: Accession, counters: HarvestCounters) async -> HarvestOutcome {
        do throws(HarvestFailure) {
            let resource = try Self.resource(accession) { () throws(AccessionError) in
                try GEOResource.familySOFT(accession)
            }
            let record = try await seriesRecord(resource, counters: counters)
            return .success(record)
        } catch {
            return .failure(accession, error)
        }
    }
}
