import Foundation

/// Splits text into search words and keeps each section's distinct words in the order they first
/// appear, each in its canonical composition (NFC): one spelling for all the ways to write it.
///
/// Words are split as the search box splits a query (`/[^\p{L}\p{N}]+/u` after lowercasing and
/// composing): runs of letters and digits, two or more, and no stop words. Each scalar is
/// lowercased on its own, as `String.lowercased()` does, and ASCII without a property lookup.
///
/// A word is looked up by its bytes in a table of the section's words so far, so a repeated word,
/// which most words are, costs neither a `String` nor a hash of one: with a `Set<String>` this was
/// a tenth of a site build.
struct SearchWordCollector {
    /// The distinct words of the section, stop words left out.
    private(set) var words: [String] = []
    /// The bytes of every distinct word of the section (stop words too), then of the word being
    /// read.
    private var bytes: [UInt8] = []
    private var entries: [Entry] = []
    /// Open addressing over `entries`: an entry's index plus one, or 0 for an empty slot. The
    /// count is a power of two at least twice the number of entries.
    private var slots = [Int32](repeating: 0, count: 64)

    private struct Entry {
        var start: Int32
        var count: Int32
        var hash: UInt64
    }

    /// Starts a new section: no word has been seen in it yet.
    ///
    /// - Complexity: O(*s*) in the size of the table, which is that of the largest section so far.
    mutating func startSection() {
        words = []
        bytes.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
        slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// Adds the words of `text` that the section does not have yet.
    ///
    /// - Complexity: O(*n*) in the length of `text`, expected.
    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return }
            var index = 0
            while index < utf8.count {
                while index < utf8.count, !Self.isRunByte(base[index]) { index += 1 }
                // A run up to the next ASCII byte that is not a letter or digit.
                let start = index
                var bits: UInt8 = 0
                while index < utf8.count, Self.isRunByte(base[index]) {
                    bits |= base[index]
                    index += 1
                }
                let run = UnsafeBufferPointer(start: base + start, count: index - start)
                if bits < 0x80 {
                    addASCIIWord(run)
                } else {
                    addWords(ofRun: run)
                }
            }
        }
    }

    /// Adds a word of ASCII letters and digits, lowercased. A word the section has is found
    /// straight from `text`: only a new one is copied.
    private mutating func addASCIIWord(_ word: UnsafeBufferPointer<UInt8>) {
        guard word.count >= 2 else { return }
        var hash = Self.hashStart
        for byte in word { hash = Self.hash(hash, Self.lowercased(byte)) }
        guard let slot = freeSlot(for: word, hash: hash) else { return }
        let start = bytes.count
        for byte in word { bytes.append(Self.lowercased(byte)) }
        insert(start: start, hash: hash, slot: slot, length: word.count)
    }

    /// Adds the words of a run of letters, digits and non-ASCII scalars, as the search box reads
    /// a query: lowercased scalar by scalar, composed (NFC), then split where a scalar is not a
    /// letter or digit (İ's dot above, a combining mark left over).
    private mutating func addWords(ofRun run: UnsafeBufferPointer<UInt8>) {
        var lowered = String.UnicodeScalarView()
        for scalar in String(decoding: run, as: UTF8.self).unicodeScalars {
            lowered.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
        // Counted in scalars, as the two-letter minimum and the stop words are.
        var length = 0
        for scalar in String(lowered).precomposedStringWithCanonicalMapping.unicodeScalars {
            if Self.isWordScalar(scalar) {
                bytes.append(contentsOf: UTF8.encode(scalar)!)
                length += 1
            } else {
                finishWord(length: length)
                length = 0
            }
        }
        finishWord(length: length)
    }

    /// Ends the word whose bytes follow the section's known words in `bytes`: keeps it if it is
    /// new, drops its bytes otherwise.
    private mutating func finishWord(length: Int) {
        let start = entries.last.map { Int($0.start + $0.count) } ?? 0
        let count = bytes.count - start
        let place = bytes.withUnsafeBufferPointer { all -> (slot: Int, hash: UInt64)? in
            let word = UnsafeBufferPointer(rebasing: all[start...])
            let hash = word.reduce(Self.hashStart, Self.hash)
            return length >= 2 ? freeSlot(for: word, hash: hash).map { ($0, hash) } : nil
        }
        guard let place else {
            bytes.removeLast(count)
            return
        }
        insert(start: start, hash: place.hash, slot: place.slot, length: length)
    }

    /// The empty slot of the table where `word`, lowercased, goes, or `nil` if the section has
    /// it already.
    ///
    /// - Complexity: O(*n*) in the length of the word, expected.
    private func freeSlot(for word: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        bytes.withUnsafeBufferPointer { known in
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 {
                let entry = entries[Int(slots[slot]) - 1]
                if entry.hash == hash, Int(entry.count) == word.count,
                   Self.equalWhenLowercased(known.baseAddress! + Int(entry.start), word) {
                    return nil
                }
                slot = (slot + 1) & mask
            }
            return slot
        }
    }

    /// Whether `word`, with its ASCII letters lowercased, is the bytes at `known`.
    @inline(__always)
    private static func equalWhenLowercased(_ known: UnsafePointer<UInt8>, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        for index in word.indices where known[index] != lowercased(word[index]) { return false }
        return true
    }

    /// Records the word whose bytes, from `start`, end `bytes`, at `slot`, and keeps it unless it
    /// is a stop word.
    private mutating func insert(start: Int, hash: UInt64, slot: Int, length: Int) {
        entries.append(Entry(start: Int32(start), count: Int32(bytes.count - start), hash: hash))
        slots[slot] = Int32(entries.count)
        // No stop word is longer than five letters; a stop word stays in the table so that it is
        // looked up only once, by its bytes.
        bytes.withUnsafeBufferPointer { all in
            let word = UnsafeBufferPointer(rebasing: all[start...])
            if length > 5 || !Self.packedStopWords.contains(Self.packed(word)) { words.append(String(decoding: word, as: UTF8.self)) }
        }
        if entries.count * 2 > slots.count { grow() }
    }

    /// The stop words, each packed into a number by ``packed(_:)``.
    private static let packedStopWords = Set(SearchIndex.stopWords.map { word in
        var word = word
        return word.withUTF8(packed)
    })

    /// A word of up to seven bytes as a number that no other word has (its length above its
    /// bytes); every stop word is that short. Longer words are all `UInt64.max`.
    private static func packed(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard word.count <= 7 else { return .max }
        return word.reduce(UInt64(word.count)) { $0 << 8 | UInt64($1) }
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

    /// FNV-1a: words are short, and a seeded hash of a `String` costs more than the lookup saves.
    private static let hashStart: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    private static func hash(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    @inline(__always)
    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }

    @inline(__always)
    private static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10
    }

    /// Whether `byte` belongs to a run: an ASCII letter or digit, or any byte of a non-ASCII
    /// scalar.
    @inline(__always)
    private static func isRunByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || isASCIIWordByte(byte)
    }

    /// A letter or a number (`\p{L}`, `\p{N}`). ASCII is decided without a property lookup,
    /// which was a fifth of a site build when every character went through `Character.isLetter`.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isASCIIWordByte(UInt8(scalar.value)) }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}
