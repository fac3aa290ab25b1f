/// Writes one series' family SOFT file (DATABASE, SERIES, PLATFORMs, SAMPLEs) as bytes, handing
/// them to `drain` in chunks of about a megabyte so a gigabyte file never sits in memory.
struct FamilyFileWriter<Failure: Error> {
    let plan: SeriesPlan
    var rng: SplitMix64
    var out = SOFTBytes(capacity: (1 << 20) + 64 * 1024)
    let drain: (inout SOFTBytes) throws(Failure) -> Void

    static var chunkBytes: Int { 1 << 20 }

    // The array platform's probe IDs and each probe's typical log2 signal (x1024), built on first use.
    var probeTableFor = ""
    var probeBytes: [UInt8] = []
    var probeEnds: [Int] = []
    var baseline: [Int32] = []

    // The series' story, shared by its blocks.
    let organism: String
    let taxid: String
    let strategy: (strategy: String, source: String, selection: String, molecule: String)
    let cellLine: String
    let gene: String
    let tissue: String
    let contact: String
    let institute:
        (
            institute: String, department: String, address: String, city: String, state: String,
            zip: String, country: String
        )
    let year: Int
    let submitted: String
    let released: String

    init(plan: SeriesPlan, drain: @escaping (inout SOFTBytes) throws(Failure) -> Void) {
        self.plan = plan
        self.drain = drain
        var rng = SplitMix64(seed: plan.seed)
        if plan.kind == .array {
            let platform = ArrayPlatform.named(plan.platformIDs.first ?? "")
            (organism, taxid) = (platform.organism, platform.taxid)
        } else if let platform = SequencingPlatform.named(plan.platformIDs.first ?? "") {
            (organism, taxid) = (platform.organism, platform.taxid)
        } else {
            (organism, taxid) = ("Homo sapiens", "9606")
        }
        strategy = rng.pick(TextPools.strategies)
        cellLine = rng.pick(TextPools.cellLines)
        gene = rng.pick(TextPools.genes)
        tissue = rng.pick(TextPools.tissues)
        contact = rng.pick(TextPools.people)
        institute = rng.pick(TextPools.institutes)
        year = min(2025, 2001 + plan.number * 16 / 100_000)
        submitted = TextPools.date(&rng, year: year)
        released = TextPools.date(&rng, year: year + 1)
        self.rng = rng
    }

    /// Writes the whole file through `drain`, the last chunk included.
    mutating func write() throws(Failure) {
        database()
        series()
        for id in plan.platformIDs {
            try platform(id)
        }
        for index in 0..<plan.sampleCount {
            try sample(index)
        }
        try drain(&out)
    }

    mutating func flushIfFull() throws(Failure) {
        if out.count >= Self.chunkBytes {
            try drain(&out)
        }
    }

    private mutating func database() {
        out.line("^DATABASE = GeoMiame")
        out.attribute("Database_name", "Gene Expression Omnibus (GEO)")
        out.attribute("Database_institute", "NCBI NLM NIH")
        out.attribute("Database_web_link", "http://www.ncbi.nlm.nih.gov/geo")
        out.attribute("Database_email", "geo@ncbi.nlm.nih.gov")
    }

    private mutating func series() {
        let accession = plan.accession
        let isArray = plan.kind == .array
        out.line("^SERIES = \(accession)")
        let what = isArray ? "expression profiling" : strategy.strategy
        out.attribute("Series_title", "\(gene) loss in \(cellLine) cells: \(what) [\(tissue)]")
        out.attribute("Series_geo_accession", accession)
        out.attribute("Series_status", "Public on \(released)")
        out.attribute("Series_submission_date", submitted)
        out.attribute("Series_last_update_date", released)
        if rng.below(3) != 0 {
            out.attribute("Series_pubmed_id", String(20_000_000 + rng.below(16_000_000)))
        }
        for paragraph in 0..<rng.within(1...4) {
            if paragraph == 1 && rng.below(3) == 0 {
                out.line("!Series_summary =")  // an empty paragraph, as GEO writes it: no trailing space
            }
            var text = ""
            for _ in 0..<rng.within(2...6) {
                text += (text.isEmpty ? "" : " ") + rng.pick(TextPools.summarySentences)
            }
            out.attribute("Series_summary", text)
        }
        out.attribute("Series_overall_design", rng.pick(TextPools.designs))
        let type =
            isArray ? "Expression profiling by array" : (TextPools.seriesTypes[strategy.strategy]?.first ?? "Other")
        out.attribute("Series_type", type)
        for _ in 0..<rng.within(1...6) {
            out.attribute("Series_contributor", rng.pick(TextPools.people))
        }
        for sample in plan.sampleAccessions {
            out.attribute("Series_sample_id", sample)
        }
        contactBlock("Series")
        if rng.below(6) == 0 {
            out.attribute("Series_supplementary_file", "NONE")
        } else {
            let suffix = isArray ? "RAW.tar" : rng.pick(["RAW.tar", "counts.txt.gz", "processed_data.xlsx"])
            out.attribute(
                "Series_supplementary_file", GEOPaths.seriesSupplementary(accession) + "\(accession)_\(suffix)")
        }
        for id in plan.platformIDs {
            out.attribute("Series_platform_id", id)
        }
        out.attribute("Series_platform_organism", organism)
        out.attribute("Series_platform_taxid", taxid)
        out.attribute("Series_sample_organism", organism)
        out.attribute("Series_sample_taxid", taxid)
        if rng.below(8) == 0 {
            out.attribute("Series_relation", "SubSeries of: GSE\(plan.number + 1 + rng.below(40))")
        } else if rng.below(25) == 0 {
            out.attribute("Series_relation", "SuperSeries of: GSE\(max(1, plan.number - 1 - rng.below(40)))")
        }
        out.attribute(
            "Series_relation", "BioProject: https://www.ncbi.nlm.nih.gov/bioproject/PRJNA\(290_000 + plan.number)")
        if !isArray {
            out.attribute("Series_relation", "SRA: https://www.ncbi.nlm.nih.gov/sra?term=SRP\(100_000 + plan.number)")
        }
    }

    mutating func contactBlock(_ entity: String) {
        out.attribute("\(entity)_contact_name", contact)
        if rng.below(2) == 0 {
            out.attribute("\(entity)_contact_email", "lab\(plan.number % 97)@example.org")
        }
        if !institute.department.isEmpty {
            out.attribute("\(entity)_contact_department", institute.department)
        }
        out.attribute("\(entity)_contact_institute", institute.institute)
        out.attribute("\(entity)_contact_address", institute.address)
        out.attribute("\(entity)_contact_city", institute.city)
        if !institute.state.isEmpty {
            out.attribute("\(entity)_contact_state", institute.state)
        }
        out.attribute("\(entity)_contact_zip/postal_code", institute.zip)
        out.attribute("\(entity)_contact_country", institute.country)
    }

    private mutating func platform(_ id: String) throws(Failure) {
        out.line("^PLATFORM = \(id)")
        if plan.kind == .array {
            let platform = ArrayPlatform.named(id)
            platformHeader(id, title: platform.title, technology: "in situ oligonucleotide", rows: plan.rowsPerSample)
            out.attribute("Platform_manufacturer", platform.manufacturer)
            out.attribute("Platform_manufacture_protocol", "see manufacturer's web site; 25-mer probes = 11 per set")
            try platformTable(platform)
        } else {
            let platform = SequencingPlatform.named(id)
            platformHeader(id, title: platform?.title ?? id, technology: "high-throughput sequencing", rows: 0)
        }
    }

    private mutating func platformHeader(_ id: String, title: String, technology: String, rows: Int) {
        out.attribute("Platform_title", title)
        out.attribute("Platform_geo_accession", id)
        out.attribute("Platform_status", "Public on Feb 02 2011")
        out.attribute("Platform_submission_date", "Feb 02 2011")
        out.attribute("Platform_last_update_date", "Oct 25 2017")
        out.attribute("Platform_technology", technology)
        out.attribute("Platform_distribution", rows == 0 ? "virtual" : "commercial")
        out.attribute("Platform_organism", organism)
        out.attribute("Platform_taxid", taxid)
        out.attribute("Platform_contact_name", ",,GEO")
        out.attribute("Platform_contact_country", "USA")
        out.attribute("Platform_data_row_count", String(rows))
    }
}
