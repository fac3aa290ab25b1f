import Synchronization

/// A value shared between test tasks and threads.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>  // the Mutex protects the value

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<T>(_ body: (inout Value) -> T) -> T { mutex.withLock { body(&$0) } }
}
