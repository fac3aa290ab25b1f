import Foundation
import GeoloopGEO

/// `geoloop cache path|ls|verify|prune|clear`: looks after the on-disk cache.
enum CacheCommand {
    static let command = Command(
        name: "cache",
        summary: "Shows, checks, prunes or clears the on-disk cache.",
        help: """
            OVERVIEW: Shows, checks, prunes or clears the on-disk cache.

            USAGE: geoloop cache <action> [--cache-dir DIR] [options]

            ACTIONS:
              path                       Prints the cache directory.
              ls                         Lists entries: accession, size, age and path, tab-separated.
              verify [--repair]          Checks every entry's size and CRC-32 and reports problems;
                                         --repair removes the damaged entries and leftovers.
              prune --older-than AGE     Removes entries fetched more than AGE ago (30d, 12h, 45m,
                                         90s, 2w) and leftover temporary files.
              clear                      Removes every entry without asking. Only the cache's own
                                         geo/ and acc/ trees are touched; the empty lock files stay.

            The cache directory is --cache-dir, else $GEOLOOP_CACHE_DIR, else
            $XDG_CACHE_HOME/geoloop, else ~/.cache/geoloop. Its layout is described in docs/CACHE.md.

            OPTIONS:
              --cache-dir DIR            Uses DIR as the cache directory.
              -h, --help                 Shows this help.

            EXIT STATUS: 0 on success, 1 when 'verify' leaves problems or a removal fails, 64 for
            bad usage.

            """,
        run: run)

    enum Action: String, CaseIterable {
        case path, ls, verify, prune, clear
    }

    struct Options {
        var action: Action?
        var cacheDirectory: String?
        var repair = false
        var olderThan: TimeInterval?
        var help = false
    }

    static func parseArguments(_ arguments: [String]) throws -> Options {
        var reader = ArgumentReader(arguments, commandName: "geoloop cache", helpName: "cache")
        var options = Options()
        while let argument = reader.next() {
            switch argument {
            case .option("-h"), .option("--help"): options.help = true
            case .option("--cache-dir"):
                options.cacheDirectory = try reader.value(for: "--cache-dir", example: "--cache-dir /data/geo-cache")
            case .option("--repair"): options.repair = true
            case .option("--older-than"):
                let text = try reader.value(for: "--older-than", example: "--older-than 30d")
                guard let age = Formatting.parseDuration(text) else {
                    throw UsageError(
                        message: "'\(text)' is not a valid age for '--older-than'.",
                        hint: "Give a number and a unit (s, m, h, d or w), for example '--older-than 30d'.")
                }
                options.olderThan = age
            case .option(let option): throw reader.unknown(option)
            case .operand(let word):
                guard options.action == nil else { throw reader.unexpected(word) }
                guard let action = Action(rawValue: word) else {
                    throw UsageError(
                        message: "unknown action '\(word)' for 'geoloop cache'.",
                        hint: "The actions are path, ls, verify, prune and clear; run 'geoloop help cache'.")
                }
                options.action = action
            }
        }
        return options
    }

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try parseArguments(arguments)
        if options.help {
            Output.out(command.help)
            return ExitStatus.success
        }
        guard let action = options.action else {
            throw UsageError(
                message: "'geoloop cache' needs an action.",
                hint: "The actions are path, ls, verify, prune and clear, for example: geoloop cache ls")
        }
        if options.repair, action != .verify {
            throw UsageError(
                message: "'--repair' goes with 'verify' only.", hint: "For example: geoloop cache verify --repair")
        }
        if options.olderThan != nil, action != .prune {
            throw UsageError(
                message: "'--older-than' goes with 'prune' only.",
                hint: "For example: geoloop cache prune --older-than 30d")
        }
        let root = options.cacheDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? GEOCache.defaultRoot()
        let cache = GEOCache(root: root)

        switch action {
        case .path:
            Output.out(cache.root.path + "\n")
            return ExitStatus.success
        case .ls:
            return list(cache)
        case .verify:
            return verify(cache, repair: options.repair)
        case .prune:
            guard let age = options.olderThan else {
                throw UsageError(
                    message: "'geoloop cache prune' needs '--older-than AGE'.",
                    hint: "For example: geoloop cache prune --older-than 30d")
            }
            return try prune(cache, olderThan: age)
        case .clear:
            let removed = try CacheRepair.clear(cache)
            Output.err("Removed \(removed) \(removed == 1 ? "entry" : "entries") from \(cache.root.path).\n")
            return ExitStatus.success
        }
    }

    static func list(_ cache: GEOCache) -> Int32 {
        let now = Date()
        var total: Int64 = 0
        let entries = cache.list()
        var text = ""
        for entry in entries {
            let age = Formatting.age(now.timeIntervalSince(entry.metadata.fetchedAt))
            text += "\(accession(of: entry.key.relativePath))\t\(Formatting.bytes(entry.metadata.size))\t\(age)\t"
            text += entry.key.relativePath + "\n"
            total += entry.metadata.size
        }
        Output.out(text)
        let noun = entries.count == 1 ? "entry" : "entries"
        Output.err("\(entries.count) \(noun), \(Formatting.bytes(total)), in \(cache.root.path).\n")
        return ExitStatus.success
    }

    static func verify(_ cache: GEOCache, repair: Bool) -> Int32 {
        let problems = cache.verifyAll()
        var remaining = problems
        if repair, !problems.isEmpty {
            for problem in problems {
                do {
                    Output.out(try CacheRepair.repair(problem, in: cache) + "\n")
                } catch {
                    Output.err("Error: could not repair \(problem.relativePath): \(error)\n")
                }
            }
            remaining = cache.verifyAll()
        }
        for problem in remaining { Output.out(problem.description + "\n") }
        let checked = cache.list().count
        if remaining.isEmpty {
            let fixed = problems.isEmpty ? "" : " after removing \(problems.count) damaged"
            Output.err("Checked \(checked) \(checked == 1 ? "entry" : "entries")\(fixed): the cache is consistent.\n")
            return ExitStatus.success
        }
        let count = remaining.count == 1 ? "1 problem" : "\(remaining.count) problems"
        let hint = repair ? "" : " Run 'geoloop cache verify --repair' to remove the damaged entries."
        Output.err("Checked \(checked) \(checked == 1 ? "entry" : "entries"): \(count).\(hint)\n")
        return ExitStatus.failure
    }

    static func prune(_ cache: GEOCache, olderThan age: TimeInterval) throws -> Int32 {
        let removed = try cache.prune(olderThan: Date().addingTimeInterval(-age))
        var bytes: Int64 = 0
        for entry in removed {
            Output.out(entry.key.relativePath + "\n")
            bytes += entry.metadata.size
        }
        let noun = removed.count == 1 ? "entry" : "entries"
        Output.err("Removed \(removed.count) \(noun) (\(Formatting.bytes(bytes))) older than \(Formatting.age(age)).\n")
        return ExitStatus.success
    }

    /// The accession a cache path belongs to: its file name up to the first `_` or `.`.
    static func accession(of relativePath: String) -> String {
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        return String(name.prefix { $0 != "_" && $0 != "." })
    }
}
