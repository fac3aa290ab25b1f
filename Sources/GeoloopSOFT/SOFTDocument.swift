/// A parsed SOFT file: its entities in file order.
public struct SOFTDocument: Sendable, Hashable {
    public var entities: [SOFTEntity]
    /// Lines read, including blank ones.
    public var lineCount: Int

    public init(entities: [SOFTEntity], lineCount: Int) {
        self.entities = entities
        self.lineCount = lineCount
    }

    /// The entities of one category, in file order.
    public func entities(_ category: SOFTEntityCategory) -> [SOFTEntity] {
        entities.filter { $0.category == category }
    }

    /// The entity with this accession, if any.
    public func entity(accession: String) -> SOFTEntity? {
        entities.first { $0.accession == accession }
    }
}
