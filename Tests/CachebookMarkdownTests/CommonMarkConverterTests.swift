import CachebookMarkdown
import Foundation
import Testing

/// Parses `markdown` and returns its only block, recording an issue if there is not exactly one.
private func onlyBlock(_ markdown: String, sourceLocation: SourceLocation = #_sourceLocation) -> Block? {
    let blocks = CommonMarkConverter.parse(markdown).blocks
    #expect(blocks.count == 1, "expected one block, got \(blocks)", sourceLocation: sourceLocation)
    return blocks.first
}

/// The inline content of a one-paragraph document.
private func inlines(_ markdown: String, sourceLocation: SourceLocation = #_sourceLocation) -> [Inline] {
    guard case .paragraph(let paragraph) = onlyBlock(markdown, sourceLocation: sourceLocation) else {
        Issue.record("not a paragraph: \(markdown)", sourceLocation: sourceLocation)
        return []
    }
    return paragraph.content
}

@Suite("cmark's tree becomes our tree, node by node")
struct CommonMarkConverterTests {
    @Test func headingsKeepTheirLevel() {
        for level in 1...6 {
            guard case .heading(let heading) = onlyBlock(String(repeating: "#", count: level) + " Title") else {
                Issue.record("level \(level) is not a heading")
                continue
            }
            #expect(heading.level == level)
            #expect(heading.content == [.text("Title")])
        }
        guard case .heading(let setext) = onlyBlock("Title\n-----\n") else { Issue.record("setext heading"); return }
        #expect(setext.level == 2)
    }

    @Test func paragraphsHoldSoftAndHardBreaks() {
        #expect(inlines("one\ntwo") == [.text("one"), .softBreak, .text("two")])
        #expect(inlines("one  \ntwo") == [.text("one"), .lineBreak, .text("two")])
        #expect(inlines("one\\\ntwo") == [.text("one"), .lineBreak, .text("two")])
    }

    @Test func emphasisStrongAndInlineCode() {
        #expect(inlines("*a* **b** `c`") == [
            .emphasis([.text("a")]), .text(" "), .strong([.text("b")]), .text(" "), .code("c"),
        ])
        #expect(inlines("***both***") == [.emphasis([.strong([.text("both")])])])
    }

    @Test func linksAndImagesKeepDestinationTitleAndText() {
        #expect(inlines("[text](https://example.org \"Title\")") == [
            .link(Link(destination: "https://example.org", title: "Title", content: [.text("text")])),
        ])
        #expect(inlines("![alt *text*](cat.png)") == [
            .image(Image(source: "cat.png", title: "", alt: [.text("alt "), .emphasis([.text("text")])])),
        ])
        #expect(inlines("<https://example.org>") == [
            .link(Link(destination: "https://example.org", title: "", content: [.text("https://example.org")])),
        ])
    }

    @Test func fencedCodeKeepsInfoStringAndLanguage() {
        guard case .codeBlock(let code) = onlyBlock("```cachelab id=demo\nget a\n```\n") else { Issue.record("no code block"); return }
        #expect(code.info == "cachelab id=demo")
        #expect(code.language == "cachelab")
        #expect(code.code == "get a\n")
        #expect(code.isFenced)
    }

    @Test func fencedCodeWithoutInfoIsStillFenced() {
        guard case .codeBlock(let code) = onlyBlock("~~~\nplain\n~~~\n") else { Issue.record("no code block"); return }
        #expect(code.isFenced)
        #expect(code.language == nil)
    }

    @Test func indentedCodeIsNotFenced() {
        guard case .codeBlock(let code) = onlyBlock("    let x = 1\n") else { Issue.record("no code block"); return }
        #expect(!code.isFenced)
        #expect(code.code == "let x = 1\n")
        #expect(code.language == nil)
    }

    @Test func listsKeepKindStartTightnessAndNesting() {
        guard case .list(let list) = onlyBlock("3. three\n4. four\n   - nested\n") else { Issue.record("no list"); return }
        #expect(list.kind == .ordered(start: 3))
        #expect(list.isTight)
        #expect(list.items.count == 2)
        guard case .list(let nested) = list.items[1].blocks.last else { Issue.record("no nested list"); return }
        #expect(nested.kind == .bullet)
        guard case .list(let loose) = onlyBlock("- a\n\n- b\n") else { Issue.record("no loose list"); return }
        #expect(!loose.isTight)
    }

    @Test func blockQuotesHoldBlocks() {
        guard case .blockQuote(let quote) = onlyBlock("> # Title\n> text\n") else { Issue.record("no quote"); return }
        #expect(quote.blocks.count == 2)
    }

    @Test func thematicBreaksAndRawHTMLAreKept() {
        guard case .thematicBreak = onlyBlock("***\n") else { Issue.record("no thematic break"); return }
        guard case .htmlBlock(let html) = onlyBlock("<div onclick=\"x()\">hi</div>\n") else { Issue.record("no html block"); return }
        #expect(html.html == "<div onclick=\"x()\">hi</div>\n")
        #expect(inlines("a <b>bold</b>") == [.text("a "), .html("<b>"), .text("bold"), .html("</b>")])
    }

    @Test func rangesCountLinesOfTheWholeFile() {
        let document = CommonMarkConverter.parse("para\n\n```\ncode\n```\n", lineOffset: 7)
        #expect(document.blocks.map(\.range.start.line) == [8, 10])
        #expect(document.blocks[1].range.end.line == 12)
    }

    @Test func nulBytesAndInvalidTextBecomeReplacementCharacters() {
        #expect(inlines("a\u{0}b") == [.text("a\u{FFFD}b")])
    }

    @Test func emptyInputGivesAnEmptyDocument() {
        #expect(CommonMarkConverter.parse("").blocks.isEmpty)
    }
}

@Suite("Deep nesting is flattened, never recursed into")
struct DeepNestingTests {
    @Test func tenThousandBlockQuotesParseQuicklyAndKeepTheText() {
        let markdown = String(repeating: ">", count: 10_000) + " deep text\n"
        let clock = ContinuousClock()
        var document = MarkdownDocument(blocks: [])
        let elapsed = clock.measure { document = CommonMarkConverter.parse(markdown) }
        #expect(elapsed < .seconds(1))
        var depth = 0
        var blocks = document.blocks
        while case .blockQuote(let quote)? = blocks.first {
            depth += 1
            blocks = quote.blocks
        }
        #expect(depth == MarkdownDocument.maximumNestingDepth)
        #expect(blocks == [.paragraph(Paragraph(content: [.text("deep text")], range: blocks.first!.range))])
    }

    @Test func tenThousandNestedListItemsParseQuicklyAndKeepTheText() {
        // `- - - … text` opens one list item inside another per marker.
        let markdown = String(repeating: "- ", count: 10_000) + "innermost\n- sibling\n"
        let clock = ContinuousClock()
        var document = MarkdownDocument(blocks: [])
        let elapsed = clock.measure { document = CommonMarkConverter.parse(markdown) }
        #expect(elapsed < .seconds(1))
        var texts: [String] = []
        var depth = 0
        var pending = document.blocks
        while !pending.isEmpty {
            let block = pending.removeFirst()
            switch block {
            case .list(let list):
                depth += 1
                pending = list.items.flatMap(\.blocks) + pending
            case .paragraph(let paragraph):
                texts += paragraph.content.compactMap { if case .text(let text) = $0 { text } else { nil } }
            default:
                break
            }
        }
        #expect(texts == ["innermost", "sibling"])
        #expect(depth <= MarkdownDocument.maximumNestingDepth)
    }

    @Test func deeplyNestedEmphasisIsFlattened() {
        let markdown = String(repeating: "*", count: 5_000) + "x" + String(repeating: "*", count: 5_000)
        let document = CommonMarkConverter.parse(markdown)
        var depth = 0
        var content: [Inline] = []
        if case .paragraph(let paragraph)? = document.blocks.first { content = paragraph.content }
        while content.count == 1, let first = content.first {
            switch first {
            case .emphasis(let children), .strong(let children):
                depth += 1
                content = children
            default:
                content = []
            }
        }
        #expect(depth <= MarkdownDocument.maximumNestingDepth)
    }
}
