import CachebookMarkdown
import CachebookTerminal
import Testing

/// SplitMix64: a small seeded generator, so every failure can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random Markdown made of words in several scripts and of Markdown's own syntax characters.
func randomMarkdown(using generator: inout SeededGenerator) -> String {
    let pieces = [
        "cache", "miss", "hit", "缓存", "キャッシュ", "😀", "e\u{301}", "Ωμέγα", "👨‍👩‍👧",
        "*", "**", "_", "`", "[", "]", "(", ")", "](https://x.org)", "#", "##", ">", "- ", "1. ", "```",
        "\n", "\n\n", "  ", "    ", "<b>", "</b>", "<div>", "!", "\\", "---", "~~~", "&amp;", "|",
    ]
    var text = ""
    for _ in 0..<Int.random(in: 1...120, using: &generator) {
        text += pieces.randomElement(using: &generator)!
        if Bool.random(using: &generator) { text += " " }
    }
    return text
}

/// Every piece of text the tree holds, in document order.
func textContent(of blocks: [Block]) -> [String] {
    var texts: [String] = []
    func inlines(_ content: [Inline]) {
        for inline in content {
            switch inline {
            case .text(let text), .code(let text), .html(let text): texts.append(text)
            case .emphasis(let children), .strong(let children): inlines(children)
            case .link(let link): inlines(link.content)
            case .image(let image): inlines(image.alt)
            case .softBreak, .lineBreak: break
            }
        }
    }
    for block in blocks {
        switch block {
        case .paragraph(let paragraph): inlines(paragraph.content)
        case .heading(let heading): inlines(heading.content)
        case .codeBlock(let code): texts.append(code.code)
        case .htmlBlock(let html): texts.append(html.html)
        case .blockQuote(let quote): texts += textContent(of: quote.blocks)
        case .list(let list): texts += list.items.flatMap { textContent(of: $0.blocks) }
        case .thematicBreak: break
        }
    }
    return texts
}

@Suite("Random documents render every character of their text")
struct RandomDocumentTests {
    @Test func everyCharacterAppearsInOrderAndNoLineIsTooWide() {
        var generator = SeededGenerator(state: 20_261_123)
        for round in 0..<300 {
            let markdown = randomMarkdown(using: &generator)
            let width = Int.random(in: 20...100, using: &generator)
            let document = CommonMarkConverter.parse(markdown)
            let lines = MarkdownTerminalRenderer(width: width).render(document)
            #expect(lines.allSatisfy { $0.width <= width }, "round \(round), width \(width): \(markdown.debugDescription)")
            let output = Array(lines.map(\.plainText).joined().filter { !$0.isWhitespace })
            let expected = textContent(of: document.blocks).joined().filter { !$0.isWhitespace }
            var position = 0
            for character in expected {
                while position < output.count && output[position] != character { position += 1 }
                if position == output.count {
                    Issue.record("round \(round): \(character.debugDescription) missing from the output of \(markdown.debugDescription)")
                    break
                }
                position += 1
            }
        }
    }
}
