extension FamilyFileWriter {
    /// One `^SAMPLE` block; array samples end with their table.
    mutating func sample(_ index: Int) throws(Failure) {
        let accession = "GSM\(plan.firstSampleNumber + index)"
        let platformID = plan.platformIDs[index % plan.platformIDs.count]
        let isArray = plan.kind == .array
        let replicate = index % 3 + 1
        let condition = index % 2 == 0 ? "control" : rng.pick(TextPools.treatments)
        let title =
            isArray
            ? "\(tissue), \(condition), replicate \(replicate)"
            : "\(strategy.strategy) \(cellLine)_\(gene)_\(index % 2 == 0 ? "WT" : "KO")_rep\(replicate)"
        out.line("^SAMPLE = \(accession)")
        out.attribute("Sample_title", title)
        out.attribute("Sample_geo_accession", accession)
        out.attribute("Sample_status", "Public on \(released)")
        out.attribute("Sample_submission_date", submitted)
        out.attribute("Sample_last_update_date", released)
        out.attribute("Sample_type", isArray ? "RNA" : "SRA")
        out.attribute("Sample_channel_count", "1")
        out.attribute("Sample_source_name_ch1", isArray ? tissue : "\(cellLine) cells, \(condition)")
        out.attribute("Sample_organism_ch1", organism)
        out.attribute("Sample_taxid_ch1", taxid)
        out.attribute("Sample_characteristics_ch1", "cell line: \(cellLine)")
        out.attribute("Sample_characteristics_ch1", "genotype: \(gene)-\(index % 2 == 0 ? "proficient" : "deficient")")
        out.attribute("Sample_characteristics_ch1", "treatment: \(condition)")
        if rng.below(2) == 0 {
            out.attribute(
                "Sample_characteristics_ch1", "age: \(rng.within(18...90)) years; bmi = \(rng.within(18...40))")
        }
        if rng.below(4) == 0 {
            out.attribute("Sample_characteristics_ch1", "tissue: ")  // a tag with an empty value
        }
        out.attribute(
            "Sample_growth_protocol_ch1",
            "Cells were cultured in DMEM with 10% FBS, 1× L-glutamine and 1× penicillin/streptomycin at 37 °C, 5% CO₂.")
        out.attribute("Sample_molecule_ch1", isArray ? "total RNA" : strategy.molecule)
        out.attribute(
            "Sample_extract_protocol_ch1",
            "RNA was extracted with TRIzol (Invitrogen) and purified with RNeasy columns (Qiagen); RIN > 8.")
        if isArray {
            out.attribute("Sample_label_ch1", "biotin")
            out.attribute("Sample_label_protocol_ch1", "Standard Affymetrix/Illumina labelling protocol (IVT, 16 h)")
            out.attribute(
                "Sample_hyb_protocol", "Hybridized for 16 h at 45 °C; washed and stained on a fluidics station")
            out.attribute("Sample_scan_protocol", "Scanned with a GeneChip Scanner 3000 7G")
        } else {
            out.attribute(
                "Sample_extract_protocol_ch1",
                "Libraries were prepared with the TruSeq kit according to the manufacturer's instructions.")
        }
        out.attribute("Sample_description", rng.below(5) == 0 ? "" : "Library name: \(title)")
        let steps =
            isArray
            ? [rng.pick(TextPools.arrayProcessing)]
            : (0..<rng.within(3...6)).map { _ in
                rng.pick(TextPools.processing)
            }
        for step in steps {
            out.attribute("Sample_data_processing", step)
        }
        out.attribute("Sample_platform_id", platformID)
        contactBlock("Sample")
        if !isArray {
            out.attribute("Sample_instrument_model", SequencingPlatform.named(platformID)?.instrument ?? "Illumina")
            out.attribute("Sample_library_selection", strategy.selection)
            out.attribute("Sample_library_source", strategy.source)
            out.attribute("Sample_library_strategy", strategy.strategy)
            let biosample = 14_000_000 + plan.firstSampleNumber % 10_000_000 + index
            out.attribute("Sample_relation", "BioSample: https://www.ncbi.nlm.nih.gov/biosample/SAMN\(biosample)")
            out.attribute(
                "Sample_relation",
                "SRA: https://www.ncbi.nlm.nih.gov/sra?term=SRX\(7_000_000 + plan.firstSampleNumber % 5_000_000 + index)"
            )
        }
        if rng.below(7) == 0 {
            out.attribute("Sample_supplementary_file_1", "NONE")
        } else {
            let file = isArray ? "\(accession).CEL.gz" : "\(accession)_\(cellLine)_rep\(replicate).bw"
            out.attribute("Sample_supplementary_file_1", GEOPaths.sampleSupplementary(accession) + file)
        }
        out.attribute("Sample_series_id", plan.accession)
        out.attribute("Sample_data_row_count", isArray ? String(plan.rowsPerSample) : "0")
        if isArray {
            try sampleTable(ArrayPlatform.named(platformID), sampleIndex: index)
        }
        try flushIfFull()
    }
}
