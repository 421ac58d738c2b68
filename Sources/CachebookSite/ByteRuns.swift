/// UTF-8 walked in runs of ordinary bytes between the few bytes a caller picks out.
///
/// Escaping text, filling in markers, splitting at exercises and writing JSON strings all look
/// for a handful of ASCII bytes in text that mostly holds none; eight bytes are ruled out at a
/// time where a word-wide test says none of them is picked.
enum ByteRuns {
    /// Calls `run` with each stretch of `bytes` between picked bytes (empty ones included) and
    /// `picked` with each picked byte, in order, ending with a run.
    ///
    /// - Parameters:
    ///   - mayPick: whether any of eight bytes, as one little-endian word, could be picked; it
    ///     may say yes when none is. ``has(_:byte:)`` and ``has(_:byteBelow:)`` make one.
    ///   - picks: whether one byte is picked.
    /// - Complexity: O(*n*) in the length of `bytes`.
    @inline(__always)
    static func forEach(in bytes: UnsafeBufferPointer<UInt8>, mayPick: (UInt64) -> Bool, picks: (UInt8) -> Bool,
                        run: (UnsafeBufferPointer<UInt8>) -> Void, picked: (UInt8) -> Void) {
        guard let base = bytes.baseAddress else {
            run(bytes)
            return
        }
        var runStart = 0
        var index = 0
        while index < bytes.count {
            if index + 8 <= bytes.count, !mayPick(UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))) {
                index += 8
                continue
            }
            let end = min(index + 8, bytes.count)
            while index < end {
                if picks(base[index]) {
                    run(UnsafeBufferPointer(start: base + runStart, count: index - runStart))
                    picked(base[index])
                    runStart = index + 1
                }
                index += 1
            }
        }
        run(UnsafeBufferPointer(start: base + runStart, count: bytes.count - runStart))
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101, highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether one of the eight bytes of `word` is `byte`; exact.
    @inline(__always)
    static func has(_ word: UInt64, byte: UInt8) -> Bool {
        has(word ^ (ones &* UInt64(byte)), byteBelow: 1)
    }

    /// Whether one of the eight bytes of `word` is below `limit`, which is at most 128; exact.
    @inline(__always)
    static func has(_ word: UInt64, byteBelow limit: UInt8) -> Bool {
        (word &- ones &* UInt64(limit)) & ~word & highBits != 0
    }
}
