import CacheLab
@testable import CachebookTerminal
import CachebookText
import Testing

@Suite("Display width counts terminal columns, not characters")
struct DisplayWidthTests {
    @Test(arguments: [
        ("a", 1), ("é", 1), ("e\u{301}", 1), ("漢", 2), ("ｶ", 1), ("Ａ", 2), ("한", 2),
        ("😀", 2), ("👨‍👩‍👧", 2), ("🇫🇷", 2), ("☺️", 2), ("☺", 1), ("\u{200B}", 0), ("\u{1B}", 0),
    ])
    func singleCharacters(text: String, columns: Int) {
        #expect(DisplayWidth.of(text) == columns, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test func stringsAddUpTheirCharacters() {
        #expect(DisplayWidth.of("cache 缓存 キャッシュ") == 6 + 4 + 1 + 10)
        #expect(DisplayWidth.of("") == 0)
    }

    /// Text of single-scalar clusters is measured a scalar at a time; it must still add up to
    /// its characters' widths, whatever the neighbours (marks, joiners, selectors, flags).
    @Test func seededRandomTextAddsUpItsCharacters() {
        let pieces = ["a", " ", "\r\n", "\t", "\u{85}", "é", "ß", "ǅ", "\u{2FF}", "\u{300}", "e\u{301}", "…", "·", "│", "─", "→", "⌚", "☺",
                      "\u{FE0F}", "\u{200D}", "\u{200B}", "\u{2028}", "\u{202E}", "\u{2060}", "\u{20D7}", "\u{2BFF}", "\u{2C00}", "\u{2010}", "\u{2027}", "\u{202F}", "\u{205F}", "\u{2070}", "\u{20CF}", "\u{2100}", "\u{AD}", "⭐", "🇫", "🇷",
                      "漢", "한", "\u{1100}", "\u{1161}", "😀", "👨‍👩‍👧", "Ａ"]
        var generator = SeededGenerator(seed: 2026_11_23)
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(DisplayWidth.of(text) == text.reduce(0) { $0 + DisplayWidth.of($1) }, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func wideRangesAreSortedAndDisjoint() {
        for (previous, next) in zip(DisplayWidth.wideRanges, DisplayWidth.wideRanges.dropFirst()) {
            #expect(previous.upperBound < next.lowerBound)
        }
    }
}
