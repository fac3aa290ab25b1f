/// The high-throughput sequencing platforms the corpus uses (GEO platforms without a table).
struct SequencingPlatform: Sendable {
    var id: String
    var instrument: String
    var organism: String
    var taxid: String

    var title: String { "\(instrument) (\(organism))" }

    static let catalogue: [SequencingPlatform] = [
        SequencingPlatform(id: "GPL16791", instrument: "Illumina HiSeq 2500", organism: "Homo sapiens", taxid: "9606"),
        SequencingPlatform(
            id: "GPL24676", instrument: "Illumina NovaSeq 6000", organism: "Homo sapiens", taxid: "9606"),
        SequencingPlatform(id: "GPL18573", instrument: "Illumina NextSeq 500", organism: "Homo sapiens", taxid: "9606"),
        SequencingPlatform(id: "GPL20301", instrument: "Illumina HiSeq 4000", organism: "Homo sapiens", taxid: "9606"),
        SequencingPlatform(id: "GPL13112", instrument: "Illumina HiSeq 2000", organism: "Mus musculus", taxid: "10090"),
        SequencingPlatform(id: "GPL21103", instrument: "Illumina HiSeq 4000", organism: "Mus musculus", taxid: "10090"),
        SequencingPlatform(
            id: "GPL19057", instrument: "Illumina NextSeq 500", organism: "Mus musculus", taxid: "10090"),
        SequencingPlatform(
            id: "GPL24247", instrument: "Illumina NovaSeq 6000", organism: "Mus musculus", taxid: "10090"),
        SequencingPlatform(
            id: "GPL18694", instrument: "Illumina HiSeq 2500", organism: "Rattus norvegicus", taxid: "10116"),
        SequencingPlatform(id: "GPL18413", instrument: "Illumina HiSeq 2500", organism: "Danio rerio", taxid: "7955"),
    ]

    static func named(_ id: String) -> SequencingPlatform? {
        catalogue.first { $0.id == id }
    }
}
