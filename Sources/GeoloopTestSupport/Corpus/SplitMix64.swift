/// A small seeded random number generator (splitmix64): the same seed gives the same sequence on
/// every machine and every run, which is what makes the corpus byte-identical across generations.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (bound > 0), without the cost of the standard library's unbiased path.
    ///
    /// The slight modulo bias is irrelevant for test data and keeps row generation cheap.
    @inline(__always)
    public mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next() % UInt64(bound))
    }

    /// A value in `range`.
    @inline(__always)
    public mutating func within(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// One of `choices` (non-empty).
    @inline(__always)
    public mutating func pick<T>(_ choices: [T]) -> T {
        choices[below(choices.count)]
    }

    /// A seed for an independent stream, derived from this seed and a label.
    public static func derive(_ seed: UInt64, _ label: UInt64) -> UInt64 {
        var mixer = SplitMix64(seed: seed ^ (label &* 0xD6E8_FEB8_6659_FD93))
        return mixer.next()
    }
}
