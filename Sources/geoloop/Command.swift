/// One `geoloop` subcommand: its name, help and the function that runs it.
///
/// A subcommand parses its own arguments and returns the exit status; bad usage is reported by
/// throwing `UsageError`, which the dispatcher prints and turns into exit status 64.
struct Command: Sendable {
    let name: String
    /// One sentence for the command list, in sentence case, ending with a period.
    let summary: String
    /// The full help text printed by `geoloop help NAME` and `geoloop NAME --help`.
    let help: String
    let run: @Sendable (_ arguments: [String]) async throws -> Int32
}

/// Bad usage: what was wrong (with the offending token quoted) and what to do instead.
struct UsageError: Error {
    let message: String
    let hint: String
}

/// The exit statuses of `geoloop`.
enum ExitStatus {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    static let usage: Int32 = 64
    /// Stopped by Ctrl-C (SIGINT): 128 + the signal number, as shells report it.
    static let interrupted: Int32 = 130
    /// Standard output was closed by its reader: what a tool killed by SIGPIPE reports (128 + 13).
    static let outputClosed: Int32 = 141
}
