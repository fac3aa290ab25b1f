extension FamilyFileWriter {
    /// Builds the probe IDs and per-probe typical signal of `platform` (`plan.rowsPerSample` rows).
    mutating func prepareProbes(_ platform: ArrayPlatform) {
        guard probeTableFor != platform.id else { return }
        var sized = platform
        sized.rows = plan.rowsPerSample
        (probeBytes, probeEnds) = sized.probeIDs()
        var signal = SplitMix64(seed: SplitMix64.derive(plan.seed, 0xBA5E))
        baseline = (0..<sized.rows).map { _ in Int32(3 * 1024 + signal.below(6 * 1024) + signal.below(5 * 1024)) }
        probeTableFor = platform.id
    }

    @inline(__always)
    mutating func appendProbe(_ row: Int) {
        let start = row == 0 ? 0 : probeEnds[row - 1]
        out.append(bytes: probeBytes[start..<probeEnds[row]])
    }

    /// The platform's `#` column descriptions and table of annotation rows.
    mutating func platformTable(_ platform: ArrayPlatform) throws(Failure) {
        prepareProbes(platform)
        let columns = platform.platformColumns
        for column in columns {
            out.line("#\(column.name) = \(column.description)")
        }
        out.line("!platform_table_begin")
        out.line(columns.map(\.name).joined(separator: "\t"))
        var annotation = SplitMix64(seed: SplitMix64.derive(0xA11A, platform.id.hashValueStable))
        // Probes of one gene sit next to each other and share its symbol, accession and Entrez ID,
        // which is what makes real annotation tables compress about 5x.
        let genes = Self.geneTable(count: max(100, plan.rowsPerSample / 3), rng: &annotation)
        for row in 0..<plan.rowsPerSample {
            appendProbe(row)
            let gene =
                annotation.below(5) == 0
                ? genes[annotation.below(genes.count)] : genes[row * genes.count / plan.rowsPerSample]
            let (symbol, accession, entrez) = (gene.symbol, gene.accession, gene.entrez)
            switch platform.style {
            case .affymetrix:
                out.append("\t\(accession)\t\t\(symbol)\t")
                out.appendInt(entrez)
            case .affymetrixGene:
                // Coordinates follow the gene (Entrez ID as a stand-in for its locus).
                out.append("\t\(accession) // \(symbol)\t\tchr\(1 + entrez % 22)\t\(entrez % 2 == 0 ? "+" : "-")\t")
                out.appendInt(entrez * 1_900)
                out.append(9)
                out.appendInt(entrez * 1_900 + 5_000 + entrez % 70_000)
                out.append(9)
                out.appendInt(10 + entrez % 30)
            case .illumina:
                out.append("\t\(organism)\tRefSeq\tILMN_")
                out.appendInt(row + 1000)
                out.append("\t\(symbol)\t\(accession).1\t")
                out.appendInt(entrez)
                out.append("\t\(symbol)\t")
                out.appendInt(10_000 + row * 7)
                out.append(9)
            case .agilent:
                out.append(9)
                out.appendInt(1 + row % 266)
                out.append(9)
                out.appendInt(1 + row / 266)
                out.append(9)
                appendProbe(row)
                out.append(9)
                appendProbe(row)
                out.append("\tFALSE\t\(accession)\t\(symbol)")
            }
            out.append(0x0A)
            try flushIfFull()
        }
        out.line("!platform_table_end")
    }

    /// Genes for a platform's annotation: symbol, RefSeq/GenBank accession and Entrez ID.
    static func geneTable(count: Int, rng: inout SplitMix64) -> [(symbol: String, accession: String, entrez: Int)] {
        let accessionPrefixes = ["NM_", "NM_", "NM_", "NR_", "XM_", "BC", "AK", "AF", "U"]
        return (0..<count).map { _ in
            (geneSymbol(&rng), rng.pick(accessionPrefixes) + String(1000 + rng.below(900_000)), 1 + rng.below(120_000))
        }
    }

    static func geneSymbol(_ rng: inout SplitMix64) -> String {
        switch rng.below(8) {
        case 0: return rng.pick(TextPools.genes)
        case 1: return "LOC\(100_000 + rng.below(700_000))"
        case 2: return "C\(1 + rng.below(22))orf\(1 + rng.below(200))"
        case 3: return "ZNF\(1 + rng.below(900))"
        case 4: return "\(rng.pick(TextPools.genes)) /// MIR\(1000 + rng.below(4000))"
        default:
            let letters = Array("ABCDEFGHIKLMNPRSTWXYZ")
            var name = ""
            for _ in 0..<rng.within(3...4) { name.append(rng.pick(letters)) }
            return name + String(1 + rng.below(20))
        }
    }

    /// The sample's `#` column descriptions and table: ID_REF and values around each probe's typical
    /// signal, so rows compress like real ones (about 4x).
    mutating func sampleTable(_ platform: ArrayPlatform, sampleIndex: Int) throws(Failure) {
        prepareProbes(platform)
        let columns = platform.sampleColumns
        for column in columns {
            out.line("#\(column.name) = \(column.description)")
        }
        out.line("!sample_table_begin")
        out.line(columns.map(\.name).joined(separator: "\t"))
        let powers = ArrayPlatform.fractionalPowersOfTwo
        let shift = Int32(rng.below(512)) - 256
        for row in 0..<plan.rowsPerSample {
            let draw = rng.next()
            let noise = Int32(truncatingIfNeeded: Int(draw & 1023)) - 512
            let log2x1024 = max(1024, baseline[row] + noise + shift)
            appendProbe(row)
            out.append(9)
            let whole = Int(log2x1024 >> 10)
            let linear = Double(1 << whole) * powers[Int(log2x1024 & 1023)]
            let pBits = Int((draw >> 10) & 0xFFFF)
            switch platform.style {
            case .affymetrix:
                out.appendFixed(Int(linear * 10), decimals: 1)
                out.append(9)
                out.append(log2x1024 > 7 * 1024 ? 0x50 : log2x1024 > 6 * 1024 + 512 ? 0x4D : 0x41)  // P, M, A
            case .affymetrixGene:
                out.appendFixed(Int(log2x1024) * 10_000 / 1024, decimals: 4)
            case .illumina:
                out.appendFixed(Int(linear * 100), decimals: 2)
                out.append(9)
                if log2x1024 > 7 * 1024 {
                    out.append(0x30)
                } else {
                    out.appendFixed(pBits % 100_000, decimals: 5)
                }
            case .agilent:
                out.appendFixed(Int(noise + shift) * 3, decimals: 4)
                out.append(9)
                out.appendFixed(Int(linear * 100), decimals: 2)
            }
            out.append(0x0A)
            try flushIfFull()
        }
        out.line("!sample_table_end")
    }
}
