/// The system's random numbers for retry jitter, in a type with storage.
///
/// `SystemRandomNumberGenerator` is an empty struct; passed `inout` from an async function, its
/// address can be an arbitrary low value, and ThreadSanitizer's access check on that address
/// crashed a test run (SEGV in `__tsan::MemoryAccess` under `RetryPolicy.decide`). A stored field
/// gives the value a real address in the task's frame.
struct RetryJitter: RandomNumberGenerator {
    private var draws: UInt64 = 0

    mutating func next() -> UInt64 {
        draws &+= 1
        var system = SystemRandomNumberGenerator()
        return system.next()
    }
}
