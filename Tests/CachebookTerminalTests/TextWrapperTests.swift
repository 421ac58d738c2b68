@testable import CachebookTerminal
import CachebookText
import Testing

private func wrapped(_ text: String, width: Int) -> [String] {
    TextWrapper.wrap([StyledText(text)], width: width).map(\.plainText)
}

@Suite("Word wrapping fits every line to the width")
struct TextWrapperTests {
    @Test func breaksBetweenWords() {
        #expect(wrapped("the quick brown fox jumps", width: 10) == ["the quick", "brown fox", "jumps"])
    }

    @Test func keepsSpacesInsideALineAndDropsThemAtBreaks() {
        #expect(wrapped("a  b", width: 10) == ["a  b"])
        #expect(wrapped("aaaa bbbb", width: 4) == ["aaaa", "bbbb"])
    }

    @Test func splitsWordsLongerThanTheLine() {
        #expect(wrapped("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
    }

    @Test func newlinesAreHardBreaks() {
        #expect(wrapped("one\ntwo", width: 40) == ["one", "two"])
    }

    @Test func wideCharactersTakeTwoColumns() {
        let lines = wrapped("缓存缓存缓存 缓存", width: 7)
        #expect(lines == ["缓存缓", "存缓存", "缓存"])
        for line in lines {
            #expect(DisplayWidth.of(line) <= 7)
        }
    }

    @Test func combiningMarksDoNotCountAndStayWithTheirLetter() {
        let text = String(repeating: "e\u{301}", count: 8)
        #expect(wrapped(text, width: 4) == [String(repeating: "e\u{301}", count: 4), String(repeating: "e\u{301}", count: 4)])
    }

    @Test func stylesSurviveAcrossBreaks() {
        let lines = TextWrapper.wrap([StyledText("plain "), StyledText("bold words here", style: .strong)], width: 10)
        #expect(lines.map(\.plainText) == ["plain bold", "words here"])
        #expect(lines[1].spans.allSatisfy { $0.style == .strong })
    }

    @Test func hardWrapKeepsEverySpace() {
        #expect(TextWrapper.hardWrap("ab  cd  ef", width: 4) == ["ab  ", "cd  ", "ef"])
    }
}
