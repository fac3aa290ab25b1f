/// Words and phrases the generated metadata is drawn from, modelled on real GEO records: long
/// paragraphs, repeated keys, UTF-8 (`TGFβ`, `37 °C`, `Müller`), values containing ` = ` and `: `.
enum TextPools {
    static let organisms: [(name: String, taxid: String)] = [
        ("Homo sapiens", "9606"), ("Homo sapiens", "9606"), ("Homo sapiens", "9606"), ("Mus musculus", "10090"),
        ("Mus musculus", "10090"), ("Rattus norvegicus", "10116"), ("Danio rerio", "7955"),
        ("Drosophila melanogaster", "7227"), ("Arabidopsis thaliana", "3702"),
    ]

    static let genes = [
        "SETD2", "TP53", "KRAS", "EGFR", "MYC", "SMAD2", "SMAD3", "TGFβ1", "BRCA1", "PTEN", "VHL", "HIF1A", "CTNNB1",
        "NOTCH1", "SOX2", "POU5F1", "NANOG", "FOXP3", "GATA3", "STAT3", "IL6", "TNF", "CDKN2A", "ARID1A", "KMT2D",
        "EZH2", "DNMT3A", "TET2", "IDH1", "NRF2", "YAP1", "MTOR", "AKT1", "PIK3CA", "ATF4", "XBP1", "NFKB1",
    ]

    static let cellLines = [
        "JHRCC12", "HEK293T", "HeLa", "MCF-7", "Hs578T", "A549", "K562", "HepG2", "SH-SY5Y", "U2OS", "THP-1",
        "Jurkat", "786-O", "Caki-1", "MDA-MB-231", "HCT116", "LNCaP", "PC-3", "NIH/3T3", "mESC E14",
    ]

    static let tissues = [
        "kidney", "liver", "forebrain", "whole blood", "bone marrow", "skeletal muscle", "adipose tissue", "lung",
        "colon mucosa", "breast tumor", "spleen", "heart left ventricle", "retina", "pancreatic islets",
    ]

    static let treatments = [
        "DMSO", "TGFβ 5 ng/ml, 16 h", "doxycycline 1 µg/ml", "LPS 100 ng/ml", "vehicle", "IFN-γ 10 ng/ml",
        "hypoxia (1% O₂)", "cisplatin 5 µM", "siRNA control", "shRNA knockdown", "none", "estradiol 10 nM",
    ]

    static let strategies: [(strategy: String, source: String, selection: String, molecule: String)] = [
        ("RNA-Seq", "transcriptomic", "cDNA", "total RNA"), ("RNA-Seq", "transcriptomic", "polyA", "polyA RNA"),
        ("ChIP-Seq", "genomic", "ChIP", "genomic DNA"), ("ATAC-seq", "genomic", "other", "genomic DNA"),
        ("Bisulfite-Seq", "genomic", "RANDOM", "genomic DNA"),
        ("miRNA-Seq", "transcriptomic", "size fractionation", "total RNA"),
    ]

    static let seriesTypes: [String: [String]] = [
        "RNA-Seq": ["Expression profiling by high throughput sequencing"],
        "ChIP-Seq": ["Genome binding/occupancy profiling by high throughput sequencing"],
        "ATAC-seq": ["Genome binding/occupancy profiling by high throughput sequencing"],
        "Bisulfite-Seq": ["Methylation profiling by high throughput sequencing"],
        "miRNA-Seq": ["Non-coding RNA profiling by high throughput sequencing"],
    ]

    static let people = [
        "Jiachun,,Sun", "Yuchen,,Xie", "Merve,,Sahin", "Emily,H,Cheng", "Christina,S,Leslie", "Marc,E.,Lenburg",
        "Anna,,Müller", "José,M,García", "Søren,,Jørgensen", "Wei,,Zhang", "Hiroshi,,Tanaka", "Olga,V,Ivanova",
        "Priya,,Raman", "John,A,Smith", "Fatima,,Al-Sayed", "Lucía,,Fernández", "Chen,,Li", "ENCODE,,DCC",
    ]

    static let institutes:
        [(
            institute: String, department: String, address: String, city: String, state: String,
            zip: String, country: String
        )] = [
            (
                "Memorial Sloan Kettering Cancer Center", "Computational Biology Program", "417 E 68th St", "New York",
                "NY", "10065", "USA"
            ),
            (
                "Boston University School of Medicine", "Genetics and Genomics", "715 Albany Street, E613B", "Boston",
                "MA", "02130", "USA"
            ),
            (
                "First Affiliated Hospital of Henan University of Science and Technology", "Department of Oncology",
                "24 Jinghua road, Jianxi district", "Luoyang", "Henan", "471003", "China"
            ),
            (
                "Université de Montréal", "Département de biochimie", "2900 boul. Édouard-Montpetit", "Montréal",
                "QC", "H3T 1J4", "Canada"
            ),
            ("Karolinska Institutet", "Department of Medicine", "Solnavägen 1", "Stockholm", "", "171 77", "Sweden"),
            (
                "Universidade de São Paulo", "Instituto de Química", "Av. Prof. Lineu Prestes, 748", "São Paulo", "SP",
                "05508-000", "Brazil"
            ),
            ("ENCODE DCC", "", "300 Pasteur Dr", "Stanford", "CA", "94305-5120", "USA"),
            (
                "Max-Planck-Institut für Immunbiologie", "Epigenetics", "Stübeweg 51", "Freiburg", "", "79108",
                "Germany"
            ),
        ]

    static let summarySentences = [
        "Chromatin accessibility and transcription were profiled to define how loss of the histone methyltransferase",
        "Here we report genome-wide maps of enhancer activity in primary cells and matched cell lines.",
        "Using patient-derived models, we show that restoration of the wild-type allele reduces metastasis in mice.",
        "An integrated analysis of ATAC-seq, ChIP-seq and RNA-seq identified a set of regulators (n = 412).",
        "Our results suggest a permissive epigenetic landscape that cooperating oncogenic drivers exploit.",
        "Long non-coding RNAs play complicated and critical roles in regulating gene expression.",
        "Samples were collected at 0, 2, 6, 16 and 24 h after stimulation; the response peaked at 6 h.",
        "Cells were treated with TGFβ (5 ng/ml) and harvested at the indicated times.",
        "Differential expression was assessed with a false discovery rate threshold of q < 0.05.",
        "These data provide a resource for the study of tissue-specific gene regulation across development.",
        "We identify ratio = signal/background as a robust quality metric for low-input libraries.",
        "Keywords: time course, cell type comparison, disease state analysis",
    ]

    static let designs = [
        "ATAC-Seq was performed in SETD2-proficient and SETD2-deficient cells in 3 replicates.",
        "Two conditions, three biological replicates each; libraries were sequenced paired-end 2 x 150 bp.",
        "Refer to individual Series",
        "Time course: 0 h, 2 h, 6 h, 24 h after treatment; two replicates per time point.",
        "Tumor and adjacent normal tissue from 12 patients (see !Sample_characteristics for pairing).",
        "Total RNA was hybridized to arrays according to the manufacturer's protocol; n = 4 per group.",
    ]

    static let processing = [
        "Raw reads were trimmed and filtered for quality using Trimmomatic (v0.38).",
        "Reads were mapped to the genome with STAR 2.7.3a; counts per gene were computed with featureCounts.",
        "Peak calling was performed on each replicate using MACS2 (v2.1.2) with ‘-p 1e-2 --nomodel’ parameters.",
        "Genome_build: hg38", "Genome_build: mm10", "Genome_build: hg19",
        "Supplementary_files_format_and_content: tab-delimited text files of raw counts for each sample",
        "Supplementary_files_format_and_content: Normalized coverage track in bigWig format",
        "Normalization: RPKM = reads / (kb × million mapped reads)",
    ]

    static let arrayProcessing = [
        "MAS 5.0 Statistical Algorithm (mean scaled to 500)",
        "RMA normalized, log2 transformed (Expression Console 1.1)",
        "Data were quantile normalized with GenomeStudio; background subtraction = none",
        "Feature Extraction 10.7.3.1; log10 ratio (Cy5/Cy3), LOWESS normalized",
    ]

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// A GEO date such as `Jun 21 2017`.
    static func date(_ rng: inout SplitMix64, year: Int) -> String {
        let day = rng.within(1...28)
        return "\(rng.pick(months)) \(day < 10 ? "0" : "")\(day) \(year)"
    }
}
