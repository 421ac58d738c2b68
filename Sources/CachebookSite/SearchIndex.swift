import Foundation

/// The site's search index: every section of every page (a page's top, then each heading),
/// and for every word the sections that contain it. It ships as a script that the search box
/// loads on first use, so it works from `file://` and costs nothing until needed.
///
/// The words are split into shards by pivot words, so that the shards' lists can be made on
/// separate cores: each shard's words sorted, then the shards in order, are all the words sorted.
/// Words are compared by their UTF-8 bytes, which is the order of their scalars, and on the words
/// of pages, which are in their canonical composition (``SearchWordCollector``), the order of
/// `String`'s `<` too; on other spellings `<` is not always an order (it puts "한z" before "한"
/// spelled as jamo).
struct SearchIndex: Sendable {
    private let pages: [Page]
    /// The number of each page's first section.
    private let firstSections: [Int]
    /// A word below pivot *i* (and not below pivot *i* - 1) is in shard *i*; the rest in the last.
    /// Each is a word's bytes.
    private let pivots: [[UInt8]]

    /// The index of `pages`, its words in `shards` shards (fewer if the pages have few words).
    /// Every shard reads every word to find its own, so a few shards are worth it, not many.
    ///
    /// - Complexity: O(*p*) in the number of pages, plus O(*s* log *s*) for a sample of *s* words.
    init(pages: [Page], shards: Int = 1) {
        self.pages = pages
        var first = 0
        firstSections = pages.map { page in
            defer { first += page.sections.count }
            return first
        }
        // Pivots from the words of pages spread over the course, as often as they appear: any
        // pivots give the same index, these give shards of about the same work.
        let stride = max(1, pages.count / 16)
        let sample = Swift.stride(from: 0, to: pages.count, by: stride).flatMap { pages[$0].sections.flatMap(\.words) }
            .map { Array($0.utf8) }
            .sorted { WordTable.precedes($0, $1) }
        pivots = (1..<max(1, shards)).compactMap { shard in sample.isEmpty ? nil : sample[sample.count * shard / shards] }
    }

    /// The number of parts the script is made of: its start, then each shard's words.
    var partCount: Int { pivots.count + 2 }

    /// Words too common to search for; none is longer than five letters (``SearchWordCollector``
    /// relies on it, and a test checks it).
    static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "has", "have", "if", "in",
        "into", "is", "it", "its", "no", "not", "of", "on", "one", "or", "our", "so", "than", "that", "the", "their", "them",
        "then", "there", "these", "they", "this", "those", "to", "up", "was", "we", "were", "what", "when", "which", "will",
        "with", "you", "your",
    ]

    /// One page's part of the index, built on its own so that pages can be tokenized in parallel.
    struct Page: Sendable, Decodable, Equatable {
        var url: String
        var title: String
        /// Each section with its distinct words.
        var sections: [Section]

        struct Section: Sendable, Decodable, Equatable {
            var anchor: String
            var heading: String
            /// Runs of letters and digits (``SearchWordCollector``), which hold no space.
            var words: [String]

            init(anchor: String, heading: String, words: [String]) {
                (self.anchor, self.heading, self.words) = (anchor, heading, words)
            }

            private enum CodingKeys: String, CodingKey {
                case anchor, heading, words
            }

            // The words are one string, separated by spaces: a lesson's record is written on
            // every build, and as an array of strings its words were most of that work.
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                anchor = try container.decode(String.self, forKey: .anchor)
                heading = try container.decode(String.self, forKey: .heading)
                // Split at the space bytes: a space and the spacing mark after it (Thai's sara am
                // starts words) are one `Character`, so a split by characters would keep them.
                words = try container.decode(String.self, forKey: .words).utf8.split(separator: UInt8(ascii: " ")).map { String(Substring($0)) }
            }
        }

        /// - Complexity: O(*n*) in the length of the page's text.
        init(url: String, title: String, sections: [(anchor: String, heading: String, text: String)]) {
            self.init(url: url, title: title, sectionsInUTF8: sections.map { ($0.anchor, $0.heading, Array($0.text.utf8)) })
        }

        /// The page whose sections' texts are UTF-8 bytes.
        ///
        /// - Complexity: O(*n*) in the length of the page's text.
        init(url: String, title: String, sectionsInUTF8 sections: [(anchor: String, heading: String, text: [UInt8])]) {
            self.url = url
            self.title = title
            // One collector for every section, emptied but kept at its size.
            var collector = SearchWordCollector()
            self.sections = sections.map { section in
                collector.startSection()
                collector.add(title)
                collector.add(section.heading)
                section.text.withUnsafeBufferPointer { collector.add(utf8: $0) }
                return Section(anchor: section.anchor, heading: section.heading, words: collector.words)
            }
        }
    }

    /// The index as a script defining `window.CACHEBOOK_SEARCH`, from its parts, each made by
    /// ``part(_:)`` (on any core, in any order), in order.
    ///
    /// - Complexity: O(*n*) in the size of the script.
    static func script(parts: [String]) -> String {
        parts[0] + parts.dropFirst().filter { !$0.isEmpty }.joined(separator: ",") + "}};\n"
    }

    /// Part `number` of the script: 0 is its start, with the pages and sections (section
    /// numbers are base 36); then each shard's `"word":"sections"` entries, sorted, joined by
    /// commas.
    ///
    /// - Complexity: O(*p*) in the sections, for the start; for a shard, O(*w* log *w*) in the
    ///   number of its distinct words, plus O(*o* × *s*) in the words of every section and the
    ///   number of shards (each word is compared with the pivots).
    func part(_ number: Int) -> String {
        guard number > 0 else {
            var js = "window.CACHEBOOK_SEARCH={pages:["
            js += pages.map { "[\(jsString($0.url)),\(jsString($0.title))]" }.joined(separator: ",")
            js += "],sections:["
            js += pages.enumerated().flatMap { number, page in
                page.sections.map { "[\(number),\(jsString($0.anchor)),\(jsString($0.heading))]" }
            }.joined(separator: ",")
            return js + "],words:{"
        }
        // Words by their bytes, and the sections of each.
        var table = WordTable()
        var postings: [[Int]] = []
        for (page, first) in zip(pages, firstSections) {
            for (offset, section) in page.sections.enumerated() {
                for var word in section.words {
                    word.withUTF8 { word in
                        guard shard(of: word) == number - 1 else { return }
                        let (entry, isNew) = table.add(word, lowercasingASCII: false)
                        if isNew { postings.append([first + offset]) } else { postings[entry].append(first + offset) }
                    }
                }
            }
        }
        // Written as bytes: this list is most of the index.
        var words: [UInt8] = []
        for (index, entry) in (0..<table.count).sorted(by: table.precedes).enumerated() {
            if index > 0 { words.append(UInt8(ascii: ",")) }
            words += jsString(table.withBytes(of: entry) { String(decoding: $0, as: UTF8.self) }).utf8
            words += ":\"".utf8
            for (number, section) in postings[entry].enumerated() {
                if number > 0 { words.append(UInt8(ascii: " ")) }
                Self.appendBase36(section, to: &words)
            }
            words.append(UInt8(ascii: "\""))
        }
        return String(decoding: words, as: UTF8.self)
    }

    /// The shard of the word whose bytes are `word`: on words in their canonical composition,
    /// the order of bytes is that of `String`'s `<`.
    private func shard(of word: UnsafeBufferPointer<UInt8>) -> Int {
        pivots.firstIndex { pivot in pivot.withUnsafeBufferPointer { WordTable.precedes(word, $0) } } ?? pivots.count
    }

    /// `number`'s digits in base 36, lowercase, as `String(number, radix: 36)` gives them.
    private static func appendBase36(_ number: Int, to bytes: inout [UInt8]) {
        var place = 1
        while number / place >= 36 { place *= 36 }
        repeat {
            bytes.append(base36Digits[(number / place) % 36])
            place /= 36
        } while place > 0
    }

    private static let base36Digits = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
}

/// A JavaScript string literal that is also safe inside HTML: quotes, backslashes, line breaks
/// (U+2028 and U+2029 too), `<`, `>`, `&` and control characters are escaped.
///
/// - Complexity: O(*n*) in the length of `text`.
func jsString(_ text: String) -> String {
    var text = text
    return text.withUTF8 { utf8 in
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.reserveCapacity(utf8.count + 2)
        // 0xE2 starts U+2028 and U+2029 (E2 80 A8, E2 80 A9), among others.
        ByteRuns.forEach(in: utf8, mayPick: { word in
            ByteRuns.has(word, byteBelow: 0x20) || ByteRuns.has(word, byte: UInt8(ascii: "\"")) || ByteRuns.has(word, byte: UInt8(ascii: "\\"))
                || ByteRuns.has(word, byte: UInt8(ascii: "<")) || ByteRuns.has(word, byte: UInt8(ascii: ">"))
                || ByteRuns.has(word, byte: UInt8(ascii: "&")) || ByteRuns.has(word, byte: 0xE2)
        }, picks: { byte in
            switch byte {
            case ..<0x20, UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0xE2: true
            default: false
            }
        }, run: { bytes += $0 }, pickedFrom: { rest in
            let byte = rest[0]
            switch byte {
            case UInt8(ascii: "\""): bytes += "\\\"".utf8
            case UInt8(ascii: "\\"): bytes += "\\\\".utf8
            case UInt8(ascii: "\n"): bytes += "\\n".utf8
            case UInt8(ascii: "\r"): bytes += "\\r".utf8
            case UInt8(ascii: "<"): bytes += "\\u003c".utf8
            case UInt8(ascii: ">"): bytes += "\\u003e".utf8
            case UInt8(ascii: "&"): bytes += "\\u0026".utf8
            case ..<0x20: bytes += "\\u00".utf8 + [Hex.digits[Int(byte >> 4)], Hex.digits[Int(byte & 0xF)]]
            default:
                guard rest.count >= 3, rest[1] == 0x80, rest[2] == 0xA8 || rest[2] == 0xA9 else {
                    bytes.append(byte)
                    return 1
                }
                bytes += (rest[2] == 0xA8 ? "\\u2028" : "\\u2029").utf8
                return 3
            }
            return 1
        })
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
    }
}
