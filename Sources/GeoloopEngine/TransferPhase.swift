/// Where a transfer is in its life. Every change goes through ``applying(_:url:)``; an illegal
/// change is an engine bug and stops the process with both states named.
///
///     queued --admit--> admitted --finish--> finished
///        |                  `----cancel--> cancelled
///        |--cancel--> cancelled
///        `--finish--> finished   (failed before reaching libcurl: setup error, engine shut down)
enum TransferPhase: Equatable, Sendable {
    /// In the engine's backlog, not yet known to libcurl.
    case queued
    /// Its easy handle is in the multi handle.
    case admitted
    /// Done, successfully or not; its waiter has been resumed.
    case finished
    /// Removed at the caller's request; its waiter has been resumed.
    case cancelled

    enum Event: Sendable {
        case admit, finish, cancel
    }

    /// The phase after `event`, or `nil` when `event` is not allowed in this phase.
    func next(on event: Event) -> TransferPhase? {
        switch (self, event) {
        case (.queued, .admit): return .admitted
        case (.queued, .finish), (.admitted, .finish): return .finished
        case (.queued, .cancel), (.admitted, .cancel): return .cancelled
        default: return nil
        }
    }

    /// The phase after `event`; stops the process when the change is illegal.
    func applying(_ event: Event, url: String) -> TransferPhase {
        guard let next = next(on: event) else {
            preconditionFailure("geoloop transfer engine bug: transfer of \(url) cannot \(event) while \(self)")
        }
        return next
    }

    /// Whether the waiter has been resumed.
    var isTerminal: Bool { self == .finished || self == .cancelled }
}
