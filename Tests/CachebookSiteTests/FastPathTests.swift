import CacheLab
@testable import CachebookSite
import CachebookCourse
import CachebookMarkdown
import Foundation
import Testing

/// The plain definitions the fast paths replaced, kept as oracles: the site calls these
/// functions for every word, link and record of every lesson, so they work on bytes, and must
/// still give the answers of the simple versions.
private enum Reference {
    static func isSafe(_ url: String) -> Bool {
        // Code points, as a browser reads a URL's scheme: a colon after a Prepend character is
        // still a colon.
        let cleaned = String(String.UnicodeScalarView(url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }))
        let scalars = Array(cleaned.lowercased().unicodeScalars)
        guard let colon = scalars.firstIndex(of: ":") else { return true }
        if let delimiter = scalars.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }), delimiter < colon { return true }
        return ["http", "https", "mailto"].contains(String(String.UnicodeScalarView(scalars[..<colon])))
    }

    /// `text` with each scalar that `replacement` has a replacement for replaced.
    private static func replacingScalars(_ text: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
        text.unicodeScalars.map { replacement($0) ?? String($0) }.joined()
    }

    static func jsString(_ text: String) -> String {
        "\"" + replacingScalars(text) { scalar in
            switch scalar {
            case "\"": "\\\""
            case "\\": "\\\\"
            case "\n": "\\n"
            case "\r": "\\r"
            case "<": "\\u003c"
            case ">": "\\u003e"
            case "&": "\\u0026"
            case "\u{2028}": "\\u2028"
            case "\u{2029}": "\\u2029"
            default: scalar.value < 0x20 ? String(format: "\\u%04x", scalar.value) : nil
            }
        } + "\""
    }

    static func escape(_ text: String) -> String {
        replacingScalars(text) { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "'": "&#39;"
            case "\n", "\t", "\r": nil
            default: scalar.value < 0x20 ? "\u{FFFD}" : nil
            }
        }
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().precomposedStringWithCanonicalMapping.unicodeScalars.split { !isWordScalar($0) }.map { String(String.UnicodeScalarView($0)) }
            .filter { $0.unicodeScalars.count >= 2 && !SearchIndex.stopWords.contains($0) }
    }

    static func anchor(_ text: String) -> String {
        var slug = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                slug.append(character)
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "section" : slug
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber, .letterNumber, .otherNumber: true
        default: false
        }
    }
}

/// Random text from pieces that sit on the edges of each rule.
private func randomText(using generator: inout SeededGenerator) -> String {
    let pieces = [
        "http", "HTTPS", "mailto", "javascript", "JaVaScRiPt", "data", "httpx", "xhttp", "mailtox", ":", "/", "?", "#", " ", "\t", "\n",
        "\u{0}", "\u{1}", "\u{7F}", "\u{85}", "&", "<", ">", "\"", "'", "\\", "a", "Z", "9", "-", "_", "é", "É", "İ", "ΣΑΣ", "K",
        "ﬀ", "ǅ", "Ⅻ", "٣", "漢字", "😀", "e\u{301}", "the", "and", "cache", "Cache-Aside", "x", "ß", "ẞ",
        // One word to `String`, spelled with other scalars: Hangul precomposed and as jamo, a CJK
        // compatibility ideograph and the ideograph it stands for, a Prepend character.
        "한", "\u{1112}\u{1161}\u{11AB}", "\u{F900}", "\u{8C48}", "\u{600}",
        // Thai words whose second word starts with a spacing mark (sara am, after a tone mark
        // that is not a word scalar): after a space, the mark joins the space's `Character`.
        "ซ้ำกัน", "น้ำตก",
    ]
    return (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
}

/// Random pieces between runs of plain letters, so that texts are long enough for the scanners'
/// eight-byte steps, with and without a picked byte in a step.
private func longRandomText(using generator: inout SeededGenerator) -> String {
    let plain = Array("abcdefghijklmnopqrstuvwxyz0123456789 ABCDEFGHIJ")
    return (0..<Int.random(in: 0...6, using: &generator)).map { _ in
        String((0..<Int.random(in: 0...40, using: &generator)).map { _ in plain.randomElement(using: &generator)! }) + randomText(using: &generator)
    }.joined()
}

@Suite("The byte-level fast paths agree with their plain definitions")
struct FastPathTests {
    @Test func linkSafety() {
        var generator = SeededGenerator(seed: 2026_11_23)
        for _ in 0..<5_000 {
            let url = randomText(using: &generator)
            #expect(LinkTarget.isSafe(url) == Reference.isSafe(url), "\(url.debugDescription)")
        }
        for url in ["HTTPS://x", " java\tscript:alert(1)", "mailto:x@y", "https:", "httpss:x", "\u{1}http:x", "ftp://x", "a/b:c"] {
            #expect(LinkTarget.isSafe(url) == Reference.isSafe(url), "\(url.debugDescription)")
        }
    }

    @Test func htmlEscaping() {
        var generator = SeededGenerator(seed: 11)
        for round in 0..<10_000 {
            let text = round.isMultiple(of: 2) ? randomText(using: &generator) : longRandomText(using: &generator)
            #expect(HTML.escape(text) == Reference.escape(text), "\(text.debugDescription)")
        }
    }

    @Test func wordWideByteTestsAreExact() {
        var generator = SeededGenerator(seed: 18)
        for _ in 0..<20_000 {
            // Bytes near the limits, so borrows between bytes are tried.
            let bytes = (0..<8).map { _ in [0, 1, 2, 0x1F, 0x20, 0x21, 0x7F, 0x80, 0xFF, UInt8.random(in: 0...255, using: &generator)].randomElement(using: &generator)! }
            let word = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            let limit = UInt8.random(in: 1...128, using: &generator), byte = bytes.randomElement(using: &generator)! &+ UInt8.random(in: 0...1, using: &generator)
            #expect(ByteRuns.has(word, byteBelow: limit) == bytes.contains { $0 < limit }, "\(bytes) below \(limit)")
            #expect(ByteRuns.has(word, byte: byte) == bytes.contains(byte), "\(bytes) has \(byte)")
        }
    }

    @Test func headingAnchors() {
        // Every ASCII byte alone and in pairs (a lone `\r`, `\r\n` as one `Character`, the
        // bytes either side of the letters and digits), then random text.
        for first in UInt8(0)..<0x80 {
            for second in UInt8(0)..<0x80 {
                for text in [String(decoding: [first], as: UTF8.self), String(decoding: [first, second], as: UTF8.self)] {
                    #expect(HTML.anchor(text) == Reference.anchor(text), "\(text.debugDescription)")
                }
            }
        }
        var generator = SeededGenerator(seed: 20)
        let ascii = Array("aZ09 -_.:!?\t\r\n\u{0}\u{7F}")
        for round in 0..<5_000 {
            let text = round.isMultiple(of: 2) ? randomText(using: &generator)
                : String((0..<Int.random(in: 0...20, using: &generator)).map { _ in ascii.randomElement(using: &generator)! })
            #expect(HTML.anchor(text) == Reference.anchor(text), "\(text.debugDescription)")
        }
    }

    @Test func javaScriptStrings() {
        var generator = SeededGenerator(seed: 19)
        for round in 0..<5_000 {
            let text = (round.isMultiple(of: 2) ? randomText(using: &generator) : longRandomText(using: &generator))
                + ["", "\u{2028}", "\u{2029}", "\u{2027}", "\u{202A}", "\u{E2}", "\r\n", "\u{1F}"].randomElement(using: &generator)!
            #expect(jsString(text) == Reference.jsString(text), "\(text.debugDescription)")
        }
    }

    @Test func markersAreFilledIn() {
        var generator = SeededGenerator(seed: 17)
        for _ in 0..<5_000 {
            let html = (0..<Int.random(in: 0...5, using: &generator)).map { _ in longRandomText(using: &generator) }
                .joined(separator: [HTML.idPrefixMarker, HTML.rootMarker].randomElement(using: &generator)!)
            let (idPrefix, root) = (randomText(using: &generator), randomText(using: &generator))
            let expected = html.utf8.flatMap { byte -> [UInt8] in
                byte == 1 ? Array(idPrefix.utf8) : byte == 2 ? Array(root.utf8) : [byte]
            }
            #expect(HTML.fillingMarkers(html, idPrefix: idPrefix, root: root) == String(decoding: expected, as: UTF8.self), "\(html.debugDescription)")
        }
    }

    @Test func searchWords() {
        var generator = SeededGenerator(seed: 12)
        var collector = SearchWordCollector()
        for _ in 0..<5_000 {
            let text = randomText(using: &generator)
            collector.startSection()
            collector.add(text)
            var seen: Set<String> = []
            #expect(collector.words == Reference.words(text).filter { seen.insert($0).inserted }, "\(text.debugDescription)")
        }
    }

    /// Sections of thousands of words, most of them repeated, make the word table grow and
    /// collide; it must keep each distinct word once, in order, and forget them between sections.
    @Test func searchWordsOfLongSections() {
        var generator = SeededGenerator(seed: 16)
        var collector = SearchWordCollector()
        let vocabulary = (0..<3_000).map { _ in randomText(using: &generator) } + Array(SearchIndex.stopWords)
        for _ in 0..<20 {
            let pieces = (0..<Int.random(in: 0...4_000, using: &generator)).map { _ in vocabulary.randomElement(using: &generator)! }
            collector.startSection()
            for piece in pieces { collector.add(piece + " ") }
            var seen: Set<String> = []
            let expected = pieces.flatMap { Reference.words($0) }.filter { seen.insert($0).inserted }
            #expect(collector.words == expected)
        }
    }

    @Test func searchPagesKeepEachSectionsDistinctWordsInOrder() {
        #expect(SearchIndex.stopWords.allSatisfy { $0.count <= 5 }, "the tokenizer looks up only words of up to five letters")
        #expect(SearchIndex.stopWords.allSatisfy { $0.utf8.count <= 7 }, "stop words are looked up packed into a number")
        var generator = SeededGenerator(seed: 14)
        for _ in 0..<1_000 {
            let title = randomText(using: &generator)
            let sections = (0..<2).map { _ in (anchor: "a", heading: randomText(using: &generator), text: randomText(using: &generator)) }
            let page = SearchIndex.Page(url: "u", title: title, sections: sections)
            // Each section's words stand alone: a word of the first is not left out of the second.
            let expected = sections.map { section in
                var seen: Set<String> = []
                return Reference.words(title + " " + section.heading + " " + section.text).filter { seen.insert($0).inserted }
            }
            // Bytes, not strings: `String`'s `==` would let a word through in another spelling.
            #expect(page.sections.map { $0.words.map { Array($0.utf8) } } == expected.map { $0.map { Array($0.utf8) } },
                    "\([title] + sections.map { $0.heading + " " + $0.text })")
        }
    }

    @Test func exerciseMarkersSplitTheBody() {
        var generator = SeededGenerator(seed: 15)
        for _ in 0..<2_000 {
            let html = (0..<Int.random(in: 0...4, using: &generator)).map { _ in longRandomText(using: &generator) }.joined(separator: HTML.exerciseMarker)
            let expected = html.utf8.split(separator: 3, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            #expect(HTML.splitAtExerciseMarkers(html) == expected, "\(html.debugDescription)")
        }
    }

    @Test func theSearchIndexIsTheSameInAnyNumberOfShards() throws {
        // Hangul spelled as jamo is among the pieces: `String`'s `<` puts "한z" before the jamo
        // spelling of "한", which the shards must not follow.
        var generator = SeededGenerator(seed: 31)
        for _ in 0..<50 {
            let pages = (0..<Int.random(in: 0...40, using: &generator)).map { number in
                SearchIndex.Page(url: "p\(number)", title: randomText(using: &generator), sections: (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                    (anchor: "a", heading: randomText(using: &generator), text: longRandomText(using: &generator))
                })
            }
            let single = SearchIndex(pages: pages)
            let whole = SearchIndex.script(parts: (0..<single.partCount).map(single.part))
            // Each word once, in the order of `String`'s `<` (the index compares bytes).
            var rest = try #require(whole.range(of: "words:{").map { whole[$0.upperBound...] })
            for word in Set(pages.flatMap { $0.sections.flatMap(\.words) }).sorted() {
                let key = try #require(TemplateTag.range(of: Array((jsString(word) + ":").utf8), in: rest), "\(word.debugDescription) in order")
                rest = rest[key.upperBound...]
            }
            for shards in [2, 3, 5] {
                let index = SearchIndex(pages: pages, shards: shards)
                // Made in any order, the parts give the same bytes.
                let script = SearchIndex.script(parts: (0..<index.partCount).reversed().map(index.part).reversed())
                let same = zip(script.utf8, whole.utf8).prefix { $0 == $1 }.count
                #expect(script.utf8.elementsEqual(whole.utf8),
                        "\(shards) shards, first difference: \(script.utf8.dropFirst(same).prefix(80)) | \(whole.utf8.dropFirst(same).prefix(80))")
            }
        }
    }

    @Test func theSearchScriptNumbersSectionsInBase36() {
        let sections = (0..<1_400).map { (anchor: "s\($0)", heading: "", text: "cache") }
        let index = SearchIndex(pages: [SearchIndex.Page(url: "u", title: "", sections: sections)])
        let expected = "\"cache\":\"" + (0..<1_400).map { String($0, radix: 36) }.joined(separator: " ") + "\""
        #expect(SearchIndex.script(parts: (0..<index.partCount).map(index.part)).contains(expected), "numbers up to three base-36 digits")
    }

    @Test func lessonRecordsReadBackAsTheyWereWritten() throws {
        var generator = SeededGenerator(seed: 13)
        for _ in 0..<300 {
            func text() -> String { Bool.random(using: &generator) ? randomText(using: &generator) : longRandomText(using: &generator) }
            // Words as pages have them: runs of letters and digits.
            let sections = SearchIndex.Page(url: "", title: "", sections: (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                (anchor: text(), heading: text(), text: (0..<Int.random(in: 0...4, using: &generator)).map { _ in text() }.joined(separator: " "))
            }).sections
            let warning = Diagnostic(.warning, path: text(), line: Int.random(in: 1...500, using: &generator),
                                     column: Int.random(in: 0...80, using: &generator), message: text(), hint: text())
            let record = CachedLesson(
                key: text(), pageBytes: Int.random(in: 0...1_000_000, using: &generator), printBody: text(), search: SearchIndex.Page(url: text(), title: text(), sections: []),
                exerciseIDs: [text(), text()], warnings: Bool.random(using: &generator) ? [.init(warning)] : [],
                referencedFiles: Dictionary([(text(), true), (text(), false)], uniquingKeysWith: { first, _ in first }))
            var withSections = record
            withSections.search.sections = sections
            for original in [record, withSections] {
                let data = original.fileData()
                #expect(CachedLesson(fileData: data) == original, "\(String(decoding: data, as: UTF8.self))")
                // A record cut short, or grown, is no record: its print body would be wrong.
                #expect(CachedLesson(fileData: data.dropLast()) == nil)
                #expect(CachedLesson(fileData: data + Data("x".utf8)) == nil)
            }
        }
    }
}
