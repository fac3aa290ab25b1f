extension SOFTAttributes {
    /// The first non-empty value of `key` as an integer.
    func int(_ key: String) -> Int? {
        nonEmpty(key).flatMap { Int($0.trimmedASCII) }
    }

    /// The first value of `key` as a GEO date.
    func date(_ key: String) -> GEODate? {
        nonEmpty(key).flatMap { GEODate(geo: $0) }
    }

    /// Non-empty values of `key`.
    func list(_ key: String) -> [String] {
        self[key].filter { !$0.isEmpty }
    }

    /// `supplementary_file` and numbered `supplementary_file_N` values in key order, `NONE` dropped.
    var supplementaryFiles: [String] {
        keys.filter { $0 == "supplementary_file" || $0.hasPrefix("supplementary_file_") }
            .flatMap { self[$0] }
            .filter { !$0.isEmpty && $0.uppercased() != "NONE" }
    }

    /// The `relation` values, typed.
    var relations: [GEORelation] {
        list("relation").map(GEORelation.init)
    }
}
