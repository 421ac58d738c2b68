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

    @Test func wideRangesAreSortedAndDisjoint() {
        for (previous, next) in zip(DisplayWidth.wideRanges, DisplayWidth.wideRanges.dropFirst()) {
            #expect(previous.upperBound < next.lowerBound)
        }
    }
}
