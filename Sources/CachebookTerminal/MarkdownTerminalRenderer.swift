import CachebookText
import CachebookMarkdown

/// Renders a ``MarkdownDocument`` for a terminal: word-wrapped to a width, with styles for
/// headings, emphasis, code and links. Every character of the document's text appears in the
/// output; raw HTML is shown as its text, never interpreted.
public struct MarkdownTerminalRenderer: BlockVisitor {
    /// Renders some code blocks differently: a runnable block with its computed output, an
    /// exercise as its question. Returning `nil` keeps the usual rendering; an empty array hides
    /// the block.
    public typealias CodeBlockOverride = (CodeBlock, _ width: Int) -> [StyledLine]?

    /// Content never gets narrower than this; deeper quotes and lists stop indenting instead.
    /// Low enough that a quote or list keeps its bar or marker at the narrowest width allowed (20).
    static let minimumContentWidth = 12

    public var width: Int
    private var codeBlockOverride: CodeBlockOverride?

    public init(width: Int, codeBlockOverride: CodeBlockOverride? = nil) {
        self.width = width
        self.codeBlockOverride = codeBlockOverride
    }

    /// Renders the whole document, with a blank line between blocks.
    ///
    /// - Complexity: O(*n*) in the size of the document.
    public func render(_ document: MarkdownDocument) -> [StyledLine] {
        renderBlocks(document.blocks, width: width, isTight: false)
    }

    private func renderBlocks(_ blocks: [Block], width: Int, isTight: Bool) -> [StyledLine] {
        var renderer = self
        renderer.width = width
        var lines: [StyledLine] = []
        for block in blocks {
            let blockLines = block.accept(&renderer)
            // Hidden blocks take no room, not even a blank line.
            guard !blockLines.isEmpty else { continue }
            if !lines.isEmpty && !isTight { lines.append(StyledLine()) }
            lines += blockLines
        }
        return lines
    }

    public mutating func visitParagraph(_ paragraph: Paragraph) -> [StyledLine] {
        TextWrapper.wrap(Self.spans(paragraph.content), width: width)
    }

    public mutating func visitHeading(_ heading: Heading) -> [StyledLine] {
        let lines = TextWrapper.wrap(Self.spans(heading.content, style: .heading), width: width)
        guard heading.level <= 2 else { return lines }
        let underlineWidth = min(width, lines.map(\.width).max() ?? 0)
        let rule = String(repeating: heading.level == 1 ? "═" : "─", count: max(1, underlineWidth))
        return lines + [StyledLine(rule, style: .heading)]
    }

    public mutating func visitCodeBlock(_ codeBlock: CodeBlock) -> [StyledLine] {
        if let codeBlockOverride, let lines = codeBlockOverride(codeBlock, width) { return lines }
        return Self.codeLines(codeBlock, width: width)
    }

    /// The usual rendering of a code block: a frame labelled with its language.
    public static func codeLines(_ codeBlock: CodeBlock, width: Int) -> [StyledLine] {
        let label = codeBlock.language ?? "code"
        var lines = [StyledLine("╭─ " + label, style: .muted)]
        let contentWidth = max(1, width - 2)
        var code = codeBlock.code
        if code.hasSuffix("\n") { code.removeLast() }
        for sourceLine in code.split(separator: "\n", omittingEmptySubsequences: false) {
            let pieces = TextWrapper.hardWrap(Self.expandTabs(String(sourceLine)), width: contentWidth)
            for (index, piece) in pieces.enumerated() {
                // A dashed bar marks a line that continues the one above it.
                let gutter = StyledText(index == 0 ? "│ " : "┆ ", style: .muted)
                lines.append(StyledLine([gutter, StyledText(piece, style: .code)]))
            }
        }
        lines.append(StyledLine("╰─", style: .muted))
        return lines
    }

    public mutating func visitHTMLBlock(_ htmlBlock: HTMLBlock) -> [StyledLine] {
        var html = htmlBlock.html
        if html.hasSuffix("\n") { html.removeLast() }
        return html.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
            TextWrapper.wrap([StyledText(String(line), style: .muted)], width: width)
        }
    }

    public mutating func visitBlockQuote(_ blockQuote: BlockQuote) -> [StyledLine] {
        let bar = [StyledText("│ ", style: .muted)]
        guard width - 2 >= Self.minimumContentWidth else {
            return renderBlocks(blockQuote.blocks, width: width, isTight: false)
        }
        return renderBlocks(blockQuote.blocks, width: width - 2, isTight: false).map { $0.prefixed(by: bar) }
    }

    public mutating func visitList(_ list: ListBlock) -> [StyledLine] {
        let markers = list.items.indices.map { index -> String in
            switch list.kind {
            case .bullet: "•"
            case .ordered(let start): "\(start + index)."
            }
        }
        let markerWidth = (markers.map { DisplayWidth.of($0) }.max() ?? 1) + 1
        var lines: [StyledLine] = []
        for (index, item) in list.items.enumerated() {
            if index > 0 && !list.isTight { lines.append(StyledLine()) }
            let marker = markers[index]
            let paddedMarker = String(repeating: " ", count: markerWidth - 1 - DisplayWidth.of(marker)) + marker + " "
            guard width - markerWidth >= Self.minimumContentWidth else {
                lines.append(StyledLine(marker, style: .muted))
                lines += renderBlocks(item.blocks, width: width, isTight: list.isTight)
                continue
            }
            var itemLines = renderBlocks(item.blocks, width: width - markerWidth, isTight: list.isTight)
            if itemLines.isEmpty { itemLines = [StyledLine()] }
            let hanging = [StyledText(String(repeating: " ", count: markerWidth))]
            for (lineIndex, line) in itemLines.enumerated() {
                lines.append(lineIndex == 0
                    ? line.prefixed(by: [StyledText(paddedMarker, style: .muted)])
                    : (line.spans.isEmpty ? line : line.prefixed(by: hanging)))
            }
        }
        return lines
    }

    public mutating func visitThematicBreak(_ thematicBreak: ThematicBreak) -> [StyledLine] {
        [StyledLine(String(repeating: "─", count: width), style: .muted)]
    }

    /// The styled runs of inline content.
    ///
    /// - Complexity: O(*n*) in the size of `inlines`.
    public static func spans(_ inlines: [Inline], style: TextStyle = []) -> [StyledText] {
        var builder = InlineSpanBuilder(style: style)
        return inlines.flatMap { $0.accept(&builder) }
    }

    /// Expands tabs to the next multiple of four columns, as most editors show code.
    static func expandTabs(_ line: String) -> String {
        guard line.contains("\t") else { return line }
        var result = ""
        var column = 0
        for character in line {
            if character == "\t" {
                let spaces = 4 - column % 4
                result += String(repeating: " ", count: spaces)
                column += spaces
            } else {
                result.append(character)
                column += DisplayWidth.of(character)
            }
        }
        return result
    }
}

/// Flattens inline nodes into styled runs, carrying the style of the containers around them.
private struct InlineSpanBuilder: InlineVisitor {
    var style: TextStyle

    mutating func visitText(_ text: String) -> [StyledText] {
        [StyledText(text, style: style)]
    }

    mutating func visitSoftBreak() -> [StyledText] {
        [StyledText(" ", style: style)]
    }

    mutating func visitLineBreak() -> [StyledText] {
        [StyledText("\n", style: style)]
    }

    mutating func visitCode(_ code: String) -> [StyledText] {
        [StyledText(code, style: style.union(.code))]
    }

    mutating func visitInlineHTML(_ html: String) -> [StyledText] {
        [StyledText(html, style: style.union(.muted))]
    }

    mutating func visitEmphasis(_ children: [Inline]) -> [StyledText] {
        nested(children, adding: .emphasis)
    }

    mutating func visitStrong(_ children: [Inline]) -> [StyledText] {
        nested(children, adding: .strong)
    }

    mutating func visitLink(_ link: Link) -> [StyledText] {
        let text = nested(link.content, adding: .link)
        let plain = text.map(\.text).joined()
        // An autolink's text is its destination; show it once.
        if plain == link.destination || "mailto:" + plain == link.destination || link.destination.isEmpty {
            return text
        }
        return text + [StyledText(" <" + link.destination + ">", style: style.union(.muted))]
    }

    mutating func visitImage(_ image: Image) -> [StyledText] {
        [StyledText("[image: ", style: style.union(.muted))]
            + nested(image.alt, adding: [])
            + [StyledText("] <" + image.source + ">", style: style.union(.muted))]
    }

    private mutating func nested(_ children: [Inline], adding added: TextStyle) -> [StyledText] {
        let saved = style
        style.formUnion(added)
        defer { style = saved }
        return children.flatMap { $0.accept(&self) }
    }
}
