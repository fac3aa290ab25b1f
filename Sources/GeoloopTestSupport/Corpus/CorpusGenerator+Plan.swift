extension CorpusGenerator {
    /// What `spec` generates, without writing anything: accessions, kinds, sample counts and
    /// platforms of every series, in corpus order.
    public static func plan(_ spec: CorpusSpec) -> [SeriesPlan] {
        let count = max(0, spec.seriesCount)
        var rng = SplitMix64(seed: SplitMix64.derive(spec.seed, 0xC0_5105))

        let shorts = spec.includesShortAccessions && count >= 8 ? CorpusSpec.shortAccessions : []
        var numbers = shorts
        var candidate = spec.firstAccession
        while numbers.count < count {
            if !shorts.contains(candidate) {
                numbers.append(candidate)
            }
            candidate += 1 + rng.below(60)
        }

        var sizes = [SeriesPlan.Size](repeating: .small, count: count)
        if spec.mix == .realistic {
            let large = count >= 20 ? max(1, count / 100) : 0
            let mid = count / 3
            for index in 0..<(large + mid) {
                sizes[index] = index < large ? .large : .mid
            }
            for index in stride(from: count - 1, to: 0, by: -1) {
                sizes.swapAt(index, rng.below(index + 1))
            }
        }

        var nextSample = 0
        var plans: [SeriesPlan] = []
        plans.reserveCapacity(count)
        for (number, size) in zip(numbers, sizes) {
            let seed = SplitMix64.derive(spec.seed, UInt64(number))
            var local = SplitMix64(seed: seed ^ 0x5EED)
            var plan = detail(number: number, size: size, seed: seed, rng: &local)
            nextSample = max(nextSample, number * 26)
            plan.firstSampleNumber = nextSample + local.below(40)
            nextSample = plan.firstSampleNumber + plan.sampleCount
            plans.append(plan)
        }
        return plans
    }

    /// 100 KB to 1 MB, even on a log scale; by repeated multiplication so every system agrees.
    private static func logUniformMidTarget(_ rng: inout SplitMix64) -> Int {
        var target = 100_000.0
        for _ in 0..<rng.below(1000) {
            target *= 1.002_305_238_077_899  // 10^(1/1000)
        }
        return Int(target)
    }

    private static func detail(number: Int, size: SeriesPlan.Size, seed: UInt64, rng: inout SplitMix64)
        -> SeriesPlan
    {
        switch size {
        case .small:
            let first = rng.pick(SequencingPlatform.catalogue)
            var platforms = [first.id]
            if rng.below(12) == 0 {
                let others = SequencingPlatform.catalogue.filter { $0.organism == first.organism && $0.id != first.id }
                if !others.isEmpty {
                    platforms.append(rng.pick(others).id)
                }
            }
            let samples = rng.below(10) == 0 ? rng.within(25...96) : rng.within(2...24)
            return SeriesPlan(
                number: number, kind: .sequencing, size: size, sampleCount: samples, rowsPerSample: 0,
                firstSampleNumber: 0, platformIDs: platforms, seed: seed)
        case .mid, .large:
            let platform = rng.pick(ArrayPlatform.catalogue)
            // Targets spread evenly on a log scale: 0.1-1 MB for mid, 5-15 MB for large.
            let target = size == .mid ? logUniformMidTarget(&rng) : rng.within(5_000_000...15_000_000)
            // A mid-size target may be smaller than the platform's full table: then fewer rows (at
            // least 10,000) and one sample.
            let cost = platform.compressedRowBytes
            let rows = max(10_000, min(platform.rows, target / (cost.platform + cost.sample)))
            let samples = max(1, min(400, (target - rows * cost.platform) / (rows * cost.sample)))
            return SeriesPlan(
                number: number, kind: .array, size: size, sampleCount: samples, rowsPerSample: rows,
                firstSampleNumber: 0, platformIDs: [platform.id], seed: seed)
        }
    }
}
