import CacheLab
import CachebookMarkdown

// Generators and helpers that several test targets share.

/// Random Markdown made of words in several scripts and of Markdown's own syntax characters.
public func randomMarkdown(using generator: inout SeededGenerator) -> String {
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

/// Every piece of text the tree holds, in document order; raw HTML only if `includingHTML`.
public func textContent(of blocks: [Block], includingHTML: Bool = true) -> [String] {
    var texts: [String] = []
    func inlines(_ content: [Inline]) {
        for inline in content {
            switch inline {
            case .text(let text), .code(let text): texts.append(text)
            case .html(let text): if includingHTML { texts.append(text) }
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
        case .htmlBlock(let html): if includingHTML { texts.append(html.html) }
        case .blockQuote(let quote): texts += textContent(of: quote.blocks, includingHTML: includingHTML)
        case .list(let list): texts += list.items.flatMap { textContent(of: $0.blocks, includingHTML: includingHTML) }
        case .thematicBreak: break
        }
    }
    return texts
}

/// Expects the characters of `expected` to appear in `output` in the same order, whitespace
/// aside; other characters may come between them.
///
/// - Complexity: O(*n* + *m*).
public func missingCharacter(of expected: String, in output: String) -> Character? {
    let output = Array(output.filter { !$0.isWhitespace })
    var position = 0
    for character in expected where !character.isWhitespace {
        while position < output.count && output[position] != character { position += 1 }
        if position == output.count { return character }
        position += 1
    }
    return nil
}
