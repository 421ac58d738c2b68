import Foundation

/// Splits text into search words and keeps each section's distinct words in the order they first
/// appear, each in its canonical composition (NFC): one spelling for all the ways to write it.
///
/// Words are split as the search box splits a query (`/[^\p{L}\p{N}]+/u` after lowercasing and
/// composing): runs of letters and digits, two or more, and no stop words. Each scalar is
/// lowercased on its own, as `String.lowercased()` does, and ASCII without a property lookup.
///
/// A word is looked up by its bytes in a table of the section's words so far (``WordTable``), so a
/// repeated word costs neither a `String` nor a hash of one: with a `Set<String>` this was a tenth
/// of a site build.
struct SearchWordCollector {
    /// The distinct words of the section, stop words left out.
    private(set) var words: [String] = []
    /// The distinct words of the section, stop words too, so that each is looked up only once.
    private var table = WordTable()
    /// The bytes of the word being read from a run that is not all ASCII.
    private var scratch: [UInt8] = []

    /// Starts a new section: no word has been seen in it yet.
    ///
    /// - Complexity: O(*s*) in the size of the table, which is that of the largest section so far.
    mutating func startSection() {
        words = []
        table.removeAll()
    }

    /// Adds the words of `text` that the section does not have yet.
    ///
    /// - Complexity: O(*n*) in the length of `text`, expected.
    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add(utf8: $0) }
    }

    /// Adds the words of the UTF-8 text `utf8` that the section does not have yet.
    ///
    /// - Complexity: O(*n*) in the length of `utf8`, expected.
    mutating func add(utf8: UnsafeBufferPointer<UInt8>) {
        guard let base = utf8.baseAddress else { return }
        var index = 0
        while index < utf8.count {
            while index < utf8.count, !Self.isRunByte(base[index]) { index += 1 }
            // A run up to the next ASCII byte that is not a letter or digit, hashed as it is read
            // (as the table keeps it, lowercased), so that the table need not read it again.
            let start = index
            var bits: UInt8 = 0
            var hash = WordTable.emptyHash
            while index < utf8.count, Self.isRunByte(base[index]) {
                bits |= base[index]
                hash = WordTable.hash(hash, base[index].lowercasedASCII)
                index += 1
            }
            let run = UnsafeBufferPointer(start: base + start, count: index - start)
            if bits < 0x80 {
                if run.count >= 2 { keep(run, lowercasingASCII: true, length: run.count, hash: hash) }
            } else {
                addWords(ofRun: run)
            }
        }
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
                scratch.append(contentsOf: UTF8.encode(scalar)!)
                length += 1
            } else {
                finishWord(length: length)
                length = 0
            }
        }
        finishWord(length: length)
    }

    /// Adds the word in `scratch`, if it is long enough, and starts the next.
    private mutating func finishWord(length: Int) {
        // Taken out while it is read, and put back emptied, so that it keeps its memory.
        var word: [UInt8] = []
        swap(&word, &scratch)
        defer {
            word.removeAll(keepingCapacity: true)
            swap(&word, &scratch)
        }
        guard length >= 2 else { return }
        word.withUnsafeBufferPointer { keep($0, lowercasingASCII: false, length: length) }
    }

    /// Adds `word`, `length` scalars long, if the section does not have it, and keeps it unless
    /// it is a stop word. `hash` is the table's hash of the word, if known.
    private mutating func keep(_ word: UnsafeBufferPointer<UInt8>, lowercasingASCII: Bool, length: Int, hash: UInt64? = nil) {
        let (number, isNew) = hash.map { table.add(word, lowercasingASCII: lowercasingASCII, hash: $0) }
            ?? table.add(word, lowercasingASCII: lowercasingASCII)
        guard isNew else { return }
        // No stop word is longer than five letters; a stop word stays in the table so that it is
        // looked up only once, by its bytes.
        let kept = table.withBytes(of: number) { word in
            length > 5 || !Self.packedStopWords.contains(Self.packed(word)) ? String(decoding: word, as: UTF8.self) : nil
        }
        if let kept { words.append(kept) }
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

    /// Whether `byte` belongs to a run: an ASCII letter or digit, or any byte of a non-ASCII
    /// scalar.
    @inline(__always)
    private static func isRunByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || byte.isASCIILetterOrDigit
    }

    /// A letter or a number (`\p{L}`, `\p{N}`). ASCII is decided without a property lookup,
    /// which was a fifth of a site build when every character went through `Character.isLetter`.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return UInt8(scalar.value).isASCIILetterOrDigit }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}
