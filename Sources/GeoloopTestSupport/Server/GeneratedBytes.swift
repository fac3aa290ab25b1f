/// Deterministic pseudo-random bytes with random access: byte `i` of a seed's stream is always the same,
/// so any range of a generated body can be produced without the bytes before it.
enum GeneratedBytes {
    /// splitmix64's finaliser: a cheap, well-spread 64-bit mix.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` bytes of the stream for `seed`, starting at byte 0.
    static func bytes(count: Int, seed: UInt64) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: max(count, 0)) { buffer, initialised in
            fill(UnsafeMutableRawBufferPointer(buffer), from: 0, seed: seed)
            initialised = max(count, 0)
        }
    }

    /// Fills `buffer` with the stream for `seed` starting at byte `offset`.
    static func fill(_ buffer: UnsafeMutableRawBufferPointer, from offset: Int, seed: UInt64) {
        var index = 0
        var position = offset
        while index < buffer.count {
            let block = mix(seed ^ mix(UInt64(position / 8)))
            var shift = UInt64((position % 8) * 8)
            while shift < 64 && index < buffer.count {
                buffer[index] = UInt8(truncatingIfNeeded: block >> shift)
                shift += 8
                index += 1
                position += 1
            }
        }
    }
}
