import Foundation

/// Distinct words, by their bytes, each numbered in the order it was first added: open
/// addressing over one buffer of bytes, hashed with FNV-1a. Words are short, and a seeded hash
/// of a `String`, as `Set` and `Dictionary` use, cost more than the rest of the lookup.
struct WordTable {
    /// The bytes of every word, one after the other.
    private var bytes: [UInt8] = []
    private var entries: [Entry] = []
    /// An entry's number plus one, or 0 for an empty slot. The count is a power of two at least
    /// twice the number of entries.
    private var slots = [Int32](repeating: 0, count: 64)

    private struct Entry {
        var start: Int32
        var count: Int32
        var hash: UInt64
    }

    /// The number of words.
    var count: Int { entries.count }

    /// Forgets every word, keeping the memory.
    ///
    /// - Complexity: O(*s*) in the size of the table, which is that of the most words it held.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
        slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// Adds `word`, with its ASCII letters lowercased if `lowercasingASCII`; returns its number,
    /// and whether it is new. A word the table has is found straight from `word`: only a new
    /// one is copied.
    ///
    /// - Complexity: O(*n*) in the length of the word, expected.
    mutating func add(_ word: UnsafeBufferPointer<UInt8>, lowercasingASCII: Bool) -> (number: Int, isNew: Bool) {
        var hash = Self.emptyHash
        if lowercasingASCII {
            for byte in word { hash = Self.hash(hash, byte.lowercasedASCII) }
        } else {
            for byte in word { hash = Self.hash(hash, byte) }
        }
        return add(word, lowercasingASCII: lowercasingASCII, hash: hash)
    }

    /// The FNV-1a hash of no bytes, to start ``hash(_:_:)`` from.
    static let emptyHash: UInt64 = 0xcbf2_9ce4_8422_2325

    /// `hash` of some bytes, followed by `byte`.
    @inline(__always)
    static func hash(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    /// ``add(_:lowercasingASCII:)`` of a word whose hash (of its bytes as the table keeps them,
    /// by ``hash(_:_:)``) is known: a scanner that read the word's bytes anyway hashed them as
    /// it went.
    ///
    /// - Complexity: O(*n*) in the length of the word, expected.
    mutating func add(_ word: UnsafeBufferPointer<UInt8>, lowercasingASCII: Bool, hash: UInt64) -> (number: Int, isNew: Bool) {
        // Probed through buffer pointers: with the arrays' own subscripts, their checks were
        // most of a lookup.
        let (known, slot) = slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                bytes.withUnsafeBufferPointer { bytes -> (Int?, Int) in
                    let mask = slots.count - 1
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while slots[slot] != 0 {
                        let number = Int(slots[slot]) - 1
                        let entry = entries[number]
                        if entry.hash == hash, Int(entry.count) == word.count,
                           Self.equal(bytes.baseAddress! + Int(entry.start), word, lowercasingASCII: lowercasingASCII) {
                            return (number, slot)
                        }
                        slot = (slot + 1) & mask
                    }
                    return (nil, slot)
                }
            }
        }
        if let known { return (known, false) }
        entries.append(Entry(start: Int32(bytes.count), count: Int32(word.count), hash: hash))
        if lowercasingASCII {
            for byte in word { bytes.append(byte.lowercasedASCII) }
        } else {
            bytes.append(contentsOf: word)
        }
        slots[slot] = Int32(entries.count)
        if entries.count * 2 > slots.count { grow() }
        return (entries.count - 1, true)
    }

    /// Calls `body` with the bytes of word `number`.
    func withBytes<Result>(of number: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let entry = entries[number]
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[Int(entry.start)..<Int(entry.start + entry.count)])) }
    }

    /// Whether word `first` comes before word `second`, by their bytes: for text in UTF-8, the
    /// order of their scalars.
    func precedes(_ first: Int, _ second: Int) -> Bool {
        withBytes(of: first) { first in withBytes(of: second) { Self.precedes(first, $0) } }
    }

    /// Whether the bytes `first` come before `second`, as the buffers' version orders them.
    ///
    /// - Complexity: O(*n*) in the length of the shorter.
    @inline(__always)
    static func precedes(_ first: [UInt8], _ second: [UInt8]) -> Bool {
        first.withUnsafeBufferPointer { first in second.withUnsafeBufferPointer { precedes(first, $0) } }
    }

    /// Whether the bytes `first` come before `second` (a prefix first), by `memcmp`: the
    /// generic `lexicographicallyPrecedes` was ten times slower on words.
    ///
    /// - Complexity: O(*n*) in the length of the shorter.
    @inline(__always)
    static func precedes(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = min(first.count, second.count)
        let order = common == 0 ? 0 : memcmp(first.baseAddress!, second.baseAddress!, common)
        return order != 0 ? order < 0 : first.count < second.count
    }

    /// Doubles the table and places every entry again.
    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, entry) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
    }

    /// Whether `word`, lowercased if asked, is the bytes at `known`.
    @inline(__always)
    private static func equal(_ known: UnsafePointer<UInt8>, _ word: UnsafeBufferPointer<UInt8>, lowercasingASCII: Bool) -> Bool {
        if lowercasingASCII {
            for index in word.indices where known[index] != word[index].lowercasedASCII { return false }
        } else {
            for index in word.indices where known[index] != word[index] { return false }
        }
        return true
    }
}
