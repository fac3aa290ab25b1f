import GeoloopLocks

/// A value shared between test tasks and threads.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Lock<Value>  // the Lock protects the value

    init(_ value: Value) { mutex = Lock(value) }

    func withLock<T>(_ body: (inout Value) -> T) -> T { mutex.withLock { body(&$0) } }
}
