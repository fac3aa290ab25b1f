import Foundation
import GeoloopGEO
import GeoloopTestSupport
import Testing

@Suite struct ClientDatasetTests {
    /// A DataSet SOFT file in the shape GEO serves (`GDS<n>.soft.gz`): the DataSet, its subsets,
    /// then the DataSet again with its value table.
    static let soft = """
        ^DATABASE = Geo
        !Database_name = Gene Expression Omnibus (GEO)
        ^DATASET = GDS5435
        !dataset_title = Hypoxia effect on endothelial cells
        !dataset_description = Analysis of endothelial cells exposed to hypoxia.
        !dataset_type = Expression profiling by array
        !dataset_pubmed_id = 24391903
        !dataset_platform = GPL6244
        !dataset_platform_organism = Homo sapiens
        !dataset_sample_organism = Homo sapiens
        !dataset_value_type = transformed count
        !dataset_reference_series = GSE53311
        !dataset_sample_count = 4
        !dataset_feature_count = 3
        !dataset_update_date = Feb 12 2014
        ^SUBSET = GDS5435_1
        !subset_dataset_id = GDS5435
        !subset_description = normoxia
        !subset_sample_id = GSM1289412,GSM1289413
        !subset_type = stress
        ^SUBSET = GDS5435_2
        !subset_dataset_id = GDS5435
        !subset_description = hypoxia
        !subset_sample_id = GSM1289414,GSM1289415
        !subset_type = stress
        ^DATASET = GDS5435
        #ID_REF = Platform reference identifier
        #IDENTIFIER = identifier
        #GSM1289412 = Value for GSM1289412: normoxia rep 1
        !dataset_table_begin
        ID_REF\tIDENTIFIER\tGSM1289412\tGSM1289413\tGSM1289414\tGSM1289415
        7892501\tVEGFA\t5.1\t5.0\t7.9\t8.2
        7892502\tHIF1A\t9.3\t9.1\t9.4\t9.2
        7892503\tEPO\t3.2\t3.1\t6.8\t6.5
        !dataset_table_end

        """

    @Test func aDataSetComesFromItsSOFTFileAndIsCached() async throws {
        let harness = try ClientHarness()
        let client = try harness.client()
        let accession = try Accession(parsing: "GDS5435")
        let path = "/" + (try GEOResource.datasetSOFT(accession)).fileServerPath
        #expect(path == "/datasets/GDS5nnn/GDS5435/soft/GDS5435.soft.gz")
        harness.server.setRoute(path, .bytes(Fixtures.gzip(Array(Self.soft.utf8))))

        let first = try await client.dataset(accession)
        let again = try await client.dataset(accession)

        let dataset = try #require(first.document.datasets.first)
        #expect(dataset.accession == "GDS5435")
        #expect(dataset.platformID == "GPL6244")
        #expect(dataset.referenceSeries == "GSE53311")
        #expect(dataset.sampleCount == 4)
        #expect(first.document.subsets.map(\.description) == ["normoxia", "hypoxia"])
        #expect(first.document.subsets.last?.sampleIDs == ["GSM1289414", "GSM1289415"])
        #expect(first.entity?.category == .dataset)
        #expect(first.document.entities.filter { $0.accession == "GDS5435" }.contains { $0.table?.rowCount == 3 })
        #expect(!first.source.fromCache && again.source.fromCache)
        #expect(harness.server.requestCount(path: path) == 1)
        await harness.finish(client)
    }

    @Test func theQueryCGIIsNotAskedForADataSet() async throws {
        let harness = try ClientHarness()
        let client = try harness.client()
        await #expect {
            _ = try await client.record(try Accession(parsing: "GDS5435"))
        } throws: { error in
            let failure = error as? HarvestFailure
            return failure?.kind == .invalidAccession && failure?.attempts == 0
                && failure?.message.contains("GEOClient.dataset") == true
        }
        await #expect {
            _ = try await client.dataset(try Accession(parsing: "GSE53311"))
        } throws: { ($0 as? HarvestFailure)?.kind == .invalidAccession }
        #expect(harness.server.totalRequests == 0)
        await harness.finish(client)
    }
}
