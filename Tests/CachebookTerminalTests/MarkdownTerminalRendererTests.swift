import CachebookText
import CachebookMarkdown
@testable import CachebookTerminal
import Testing

/// The plain text a document renders to at `width`.
private func render(_ markdown: String, width: Int = 80) -> [String] {
    MarkdownTerminalRenderer(width: width).render(CommonMarkConverter.parse(markdown)).map(\.plainText)
}

@Suite("The terminal renderer shows every kind of node")
struct MarkdownTerminalRendererTests {
    @Test func headingsAreUnderlinedByLevel() {
        #expect(render("# Title") == ["Title", "═════"])
        #expect(render("## Sub") == ["Sub", "───"])
        #expect(render("### Small") == ["Small"])
    }

    @Test func paragraphsAreSeparatedByABlankLine() {
        #expect(render("one\ntwo\n\nthree") == ["one two", "", "three"])
    }

    @Test func emphasisStrongAndCodeKeepTheirTextAndGetStyles() {
        let lines = MarkdownTerminalRenderer(width: 80).render(CommonMarkConverter.parse("*it* **bold** `code`"))
        #expect(lines.map(\.plainText) == ["it bold code"])
        let styles = lines[0].spans.map(\.style)
        #expect(styles.contains(.emphasis) && styles.contains(.strong) && styles.contains(.code))
    }

    @Test func fencedCodeShowsItsLanguage() {
        #expect(render("```swift\nlet x = 1\n```") == ["╭─ swift", "│ let x = 1", "╰─"])
    }

    @Test func indentedCodeIsLabelledCode() {
        #expect(render("    indented\n\tand tab") == ["╭─ code", "│ indented", "│ and tab", "╰─"].map { $0 })
    }

    @Test func longCodeLinesWrapWithAContinuationBar() {
        #expect(render("```\n0123456789\n```", width: 8) == ["╭─ code", "│ 012345", "┆ 6789", "╰─"])
    }

    @Test func bulletAndOrderedListsNest() {
        #expect(render("- one\n- two\n  1. inner\n  2. second") == ["• one", "• two", "  1. inner", "  2. second"])
        #expect(render("9. nine\n10. ten") == [" 9. nine", "10. ten"])
    }

    @Test func looseListsKeepBlankLinesBetweenItems() {
        #expect(render("- a\n\n- b") == ["• a", "", "• b"])
    }

    @Test func listItemTextWrapsUnderItsMarker() {
        #expect(render("- alpha beta gamma delta epsilon zeta", width: 24) == ["• alpha beta gamma delta", "  epsilon zeta"])
    }

    @Test func tooNarrowForIndentingTheMarkerGetsItsOwnLine() {
        #expect(render("- alpha beta gamma delta", width: 12) == ["•", "alpha beta", "gamma delta"])
    }

    @Test func blockQuotesGetABar() {
        #expect(render("> quoted\n>\n> more") == ["│ quoted", "│ ", "│ more"])
    }

    @Test func quotesAndListsKeepTheirShapeAtTheNarrowestWidth() {
        #expect(render("> quoted text here", width: 20) == ["│ quoted text here"])
        #expect(render("- an item that wraps onto two lines", width: 20) == ["• an item that wraps", "  onto two lines"])
    }

    @Test func linksShowTextAndURLAndAutolinksShowTheURLOnce() {
        #expect(render("[docs](https://example.org)") == ["docs <https://example.org>"])
        #expect(render("<https://example.org>") == ["https://example.org"])
    }

    @Test func imagesShowAltTextAndURL() {
        #expect(render("![a cat](cat.png)") == ["[image: a cat] <cat.png>"])
    }

    @Test func thematicBreaksSpanTheWidth() {
        #expect(render("---", width: 20) == [String(repeating: "─", count: 20)])
    }

    @Test func hardLineBreaksStartANewLine() {
        #expect(render("one  \ntwo") == ["one", "two"])
    }

    @Test func rawHTMLIsShownAsTextNeverInterpreted() {
        #expect(render("<script>alert(1)</script>") == ["<script>alert(1)</script>"])
        #expect(render("a <b>bold</b> word") == ["a <b>bold</b> word"])
    }

    @Test func controlCharactersCannotReachTheTerminal() {
        let lines = render("evil \u{1B}[2J text")
        #expect(lines == ["evil \u{241B}[2J text"])
    }

    @Test func noLineIsWiderThanTheWidth() {
        let markdown = """
            # A heading long enough to wrap across lines

            > - quoted list item with 漢字 and more words to wrap around the edge
            >   ```
            >   code line that is longer than the width allows for sure
            >   ```

            1. first
            2. second with [a link](https://example.org/a/very/long/path/that/wraps)
            """
        for width in [20, 33, 60] {
            for line in render(markdown, width: width) {
                #expect(DisplayWidth.of(line) <= width, "\(line)")
            }
        }
    }
}

@Suite("Deep nesting renders quickly within the width")
struct DeepNestingRenderTests {
    @Test(arguments: [String(repeating: ">", count: 10_000) + " deep", String(repeating: "- ", count: 10_000) + "deep"])
    func tenThousandLevels(markdown: String) {
        let clock = ContinuousClock()
        var lines: [StyledLine] = []
        let elapsed = clock.measure {
            lines = MarkdownTerminalRenderer(width: 60).render(CommonMarkConverter.parse(markdown))
        }
        #expect(elapsed < .seconds(1))
        #expect(lines.contains { $0.plainText.contains("deep") })
        #expect(lines.allSatisfy { $0.width <= 60 })
    }
}
