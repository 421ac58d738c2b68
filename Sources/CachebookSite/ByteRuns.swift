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
    ///   - picks: whether one byte is picked. It states the set of bytes again, as plain
    ///     comparisons: deriving it from `mayPick` (a word of eight copies of the byte) made the
    ///     scanners a third slower, since HTML's quotes and line breaks send many eight-byte
    ///     steps through it.
    /// - Complexity: O(*n*) in the length of `bytes`.
    @inline(__always)
    static func forEach(in bytes: UnsafeBufferPointer<UInt8>, mayPick: (UInt64) -> Bool, picks: (UInt8) -> Bool,
                        run: (UnsafeBufferPointer<UInt8>) -> Void, picked: (UInt8) -> Void) {
        forEach(in: bytes, mayPick: mayPick, picks: picks, run: run) { rest in
            picked(rest[0])
            return 1
        }
    }

    /// ``forEach(in:mayPick:picks:run:picked:)`` for a caller that may take more than the picked
    /// byte: `pickedFrom` gets the bytes from a picked one to the end and returns how many of
    /// them it took, at least one; the next run starts after them.
    @inline(__always)
    static func forEach(in bytes: UnsafeBufferPointer<UInt8>, mayPick: (UInt64) -> Bool, picks: (UInt8) -> Bool,
                        run: (UnsafeBufferPointer<UInt8>) -> Void, pickedFrom: (UnsafeBufferPointer<UInt8>) -> Int) {
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
                guard picks(base[index]) else {
                    index += 1
                    continue
                }
                run(UnsafeBufferPointer(start: base + runStart, count: index - runStart))
                index += pickedFrom(UnsafeBufferPointer(start: base + index, count: bytes.count - index))
                runStart = index
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

extension UInt8 {
    /// Whether the byte is an ASCII letter or digit, decided without a property lookup.
    @inline(__always)
    var isASCIILetterOrDigit: Bool {
        (self | 0x20) &- UInt8(ascii: "a") < 26 || self &- UInt8(ascii: "0") < 10
    }

    /// The byte with an ASCII capital letter made lowercase; any other byte as it is.
    @inline(__always)
    var lowercasedASCII: UInt8 {
        self &- UInt8(ascii: "A") < 26 ? self | 0x20 : self
    }
}

extension String {
    /// The part of this string that `run`, a stretch of `utf8` (this string's own UTF-8, as
    /// `withUTF8` gives it, on a copy), holds; its ends must fall between scalars, as they do
    /// next to an ASCII byte. A substring is appended to a string without checking its UTF-8
    /// again, which `String(decoding:as:)` does.
    ///
    /// - Complexity: O(1) for a native string.
    func substring(at run: UnsafeBufferPointer<UInt8>, of utf8: UnsafeBufferPointer<UInt8>) -> Substring {
        guard let runStart = run.baseAddress, let start = utf8.baseAddress else { return self[endIndex...] }
        let lower = self.utf8.index(self.utf8.startIndex, offsetBy: runStart - start)
        return self[lower..<self.utf8.index(lower, offsetBy: run.count)]
    }
}
