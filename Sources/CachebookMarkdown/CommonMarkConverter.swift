import CCmark

/// Parses CommonMark with cmark and converts cmark's tree into a ``MarkdownDocument``.
///
/// This is the only file that calls cmark. The parser, the node tree and the iterator are freed
/// before ``parse(_:lineOffset:)`` returns, so nothing from C outlives the call.
public enum CommonMarkConverter {
    /// Parses `markdown` into our tree.
    ///
    /// - Parameters:
    ///   - markdown: CommonMark source. Invalid UTF-8 and NUL bytes are replaced by U+FFFD.
    ///   - lineOffset: Added to every line number, so that a lesson body parsed without its front
    ///     matter still reports lines of the whole file.
    /// - Complexity: O(*n*) in the length of `markdown`.
    public static func parse(_ markdown: String, lineOffset: Int = 0) -> MarkdownDocument {
        var source = markdown
        let root: OpaquePointer = source.withUTF8 { bytes in
            let parser = cmark_parser_new(CMARK_OPT_VALIDATE_UTF8)!
            defer { cmark_parser_free(parser) }
            bytes.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
            }
            return cmark_parser_finish(parser)!
        }
        defer { cmark_node_free(root) }

        var builder = TreeBuilder(source: source, lineOffset: lineOffset)
        let iterator = cmark_iter_new(root)!
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            if event == CMARK_EVENT_ENTER {
                builder.enter(node)
            } else if event == CMARK_EVENT_EXIT {
                builder.exit(node)
            }
        }
        return builder.finish()
    }
}

/// Builds our tree from cmark's enter/exit events with an explicit stack, so that arbitrarily deep
/// input never recurses.
private struct TreeBuilder {
    private enum Frame {
        case document([Block])
        case blockQuote([Block], SourceRange)
        case list(ListBlock.Kind, isTight: Bool, [ListItem], SourceRange)
        case item([Block], SourceRange)
        case paragraph([Inline], SourceRange)
        case heading(level: Int, [Inline], SourceRange)
        case emphasis([Inline])
        case strong([Inline])
        case link(destination: String, title: String, [Inline])
        case image(source: String, title: String, [Inline])
        /// A container past the nesting cap; its children go to the nearest frame that takes them.
        case flattened
    }

    private let source: String
    private let lineOffset: Int
    private var stack: [Frame] = [.document([])]
    /// Indices in `stack` of the frames that take blocks and inlines, innermost last, so that
    /// appending never searches past flattened frames.
    private var blockHolders: [Int] = [0]
    private var inlineHolders: [Int] = []
    private var blockDepth = 0
    private var inlineDepth = 0

    init(source: String, lineOffset: Int) {
        self.source = source
        self.lineOffset = lineOffset
    }

    mutating func enter(_ node: OpaquePointer) {
        let type = cmark_node_get_type(node)
        switch type {
        case CMARK_NODE_DOCUMENT:
            break
        case CMARK_NODE_BLOCK_QUOTE:
            pushBlockContainer(.blockQuote([], range(of: node)))
        case CMARK_NODE_LIST:
            let kind: ListBlock.Kind = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
                ? .ordered(start: Int(cmark_node_get_list_start(node))) : .bullet
            pushBlockContainer(.list(kind, isTight: cmark_node_get_list_tight(node) != 0, [], range(of: node)))
        case CMARK_NODE_ITEM:
            // An item follows its list: flattened lists have flattened items.
            if case .flattened = stack.last {
                stack.append(.flattened)
            } else {
                blockHolders.append(stack.count)
                stack.append(.item([], range(of: node)))
            }
        case CMARK_NODE_PARAGRAPH:
            inlineHolders.append(stack.count)
            stack.append(.paragraph([], range(of: node)))
        case CMARK_NODE_HEADING:
            inlineHolders.append(stack.count)
            stack.append(.heading(level: Int(cmark_node_get_heading_level(node)), [], range(of: node)))
        case CMARK_NODE_CODE_BLOCK:
            let info = string(cmark_node_get_fence_info(node))
            let nodeRange = range(of: node)
            appendBlock(.codeBlock(CodeBlock(
                info: info,
                code: string(cmark_node_get_literal(node)),
                isFenced: !info.isEmpty || startsWithFence(line: nodeRange.start.line - lineOffset),
                range: nodeRange
            )))
        case CMARK_NODE_HTML_BLOCK:
            appendBlock(.htmlBlock(HTMLBlock(html: string(cmark_node_get_literal(node)), range: range(of: node))))
        case CMARK_NODE_THEMATIC_BREAK:
            appendBlock(.thematicBreak(ThematicBreak(range: range(of: node))))
        case CMARK_NODE_TEXT:
            appendInline(.text(string(cmark_node_get_literal(node))))
        case CMARK_NODE_SOFTBREAK:
            appendInline(.softBreak)
        case CMARK_NODE_LINEBREAK:
            appendInline(.lineBreak)
        case CMARK_NODE_CODE:
            appendInline(.code(string(cmark_node_get_literal(node))))
        case CMARK_NODE_HTML_INLINE:
            appendInline(.html(string(cmark_node_get_literal(node))))
        case CMARK_NODE_EMPH:
            pushInlineContainer(.emphasis([]))
        case CMARK_NODE_STRONG:
            pushInlineContainer(.strong([]))
        case CMARK_NODE_LINK:
            pushInlineContainer(.link(
                destination: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)), []))
        case CMARK_NODE_IMAGE:
            pushInlineContainer(.image(
                source: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)), []))
        default:
            // Custom nodes never come out of the parser; keep their children if they ever do.
            stack.append(.flattened)
        }
    }

    mutating func exit(_ node: OpaquePointer) {
        guard cmark_node_get_type(node) != CMARK_NODE_DOCUMENT, let frame = stack.popLast() else { return }
        if blockHolders.last == stack.count { blockHolders.removeLast() }
        if inlineHolders.last == stack.count { inlineHolders.removeLast() }
        switch frame {
        case .document:
            stack.append(frame)
        case .blockQuote(let blocks, let range):
            blockDepth -= 1
            appendBlock(.blockQuote(BlockQuote(blocks: blocks, range: range)))
        case .list(let kind, let isTight, let items, let range):
            blockDepth -= 1
            appendBlock(.list(ListBlock(kind: kind, isTight: isTight, items: items, range: range)))
        case .item(let blocks, let range):
            if case .list(let kind, let isTight, var items, let listRange) = stack.popLast() {
                items.append(ListItem(blocks: blocks, range: range))
                stack.append(.list(kind, isTight: isTight, items, listRange))
            }
        case .paragraph(let content, let range):
            appendBlock(.paragraph(Paragraph(content: content, range: range)))
        case .heading(let level, let content, let range):
            appendBlock(.heading(Heading(level: level, content: content, range: range)))
        case .emphasis(let children):
            inlineDepth -= 1
            appendInline(.emphasis(children))
        case .strong(let children):
            inlineDepth -= 1
            appendInline(.strong(children))
        case .link(let destination, let title, let children):
            inlineDepth -= 1
            appendInline(.link(Link(destination: destination, title: title, content: children)))
        case .image(let source, let title, let children):
            inlineDepth -= 1
            appendInline(.image(Image(source: source, title: title, alt: children)))
        case .flattened:
            break
        }
    }

    func finish() -> MarkdownDocument {
        guard case .document(let blocks) = stack.first else { return MarkdownDocument(blocks: []) }
        return MarkdownDocument(blocks: blocks)
    }

    private mutating func pushBlockContainer(_ frame: Frame) {
        if blockDepth >= MarkdownDocument.maximumNestingDepth {
            stack.append(.flattened)
        } else {
            blockDepth += 1
            if case .blockQuote = frame { blockHolders.append(stack.count) }
            stack.append(frame)
        }
    }

    private mutating func pushInlineContainer(_ frame: Frame) {
        if inlineDepth >= MarkdownDocument.maximumNestingDepth {
            stack.append(.flattened)
        } else {
            inlineDepth += 1
            inlineHolders.append(stack.count)
            stack.append(frame)
        }
    }

    /// Adds a finished block to the innermost frame that holds blocks.
    private mutating func appendBlock(_ block: Block) {
        let index = blockHolders[blockHolders.count - 1]
        // Each case parks a placeholder first, so the array being appended to is uniquely
        // referenced and grows in place instead of being copied.
        switch stack[index] {
        case .document(var blocks):
            stack[index] = .flattened
            blocks.append(block)
            stack[index] = .document(blocks)
        case .blockQuote(var blocks, let range):
            stack[index] = .flattened
            blocks.append(block)
            stack[index] = .blockQuote(blocks, range)
        case .item(var blocks, let range):
            stack[index] = .flattened
            blocks.append(block)
            stack[index] = .item(blocks, range)
        default:
            assertionFailure("frame \(index) does not hold blocks")
        }
    }

    /// Adds an inline to the innermost frame that holds inlines.
    private mutating func appendInline(_ inline: Inline) {
        guard let index = inlineHolders.last else { return }
        switch stack[index] {
        case .paragraph(var content, let range):
            stack[index] = .flattened
            content.append(inline)
            stack[index] = .paragraph(content, range)
        case .heading(let level, var content, let range):
            stack[index] = .flattened
            content.append(inline)
            stack[index] = .heading(level: level, content, range)
        case .emphasis(var children):
            stack[index] = .flattened
            children.append(inline)
            stack[index] = .emphasis(children)
        case .strong(var children):
            stack[index] = .flattened
            children.append(inline)
            stack[index] = .strong(children)
        case .link(let destination, let title, var children):
            stack[index] = .flattened
            children.append(inline)
            stack[index] = .link(destination: destination, title: title, children)
        case .image(let source, let title, var children):
            stack[index] = .flattened
            children.append(inline)
            stack[index] = .image(source: source, title: title, children)
        default:
            assertionFailure("frame \(index) does not hold inlines")
        }
    }

    private func range(of node: OpaquePointer) -> SourceRange {
        SourceRange(
            start: SourcePosition(line: Int(cmark_node_get_start_line(node)) + lineOffset,
                                  column: Int(cmark_node_get_start_column(node))),
            end: SourcePosition(line: Int(cmark_node_get_end_line(node)) + lineOffset,
                                column: Int(cmark_node_get_end_column(node)))
        )
    }

    private func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    /// Whether source line `line` (1-based, body coordinates) opens a code fence. cmark does not
    /// record this for fences without an info string, so look at the source.
    private func startsWithFence(line: Int) -> Bool {
        guard line >= 1 else { return false }
        var currentLine = 1
        var utf8 = source.utf8[...]
        while currentLine < line, let newline = utf8.firstIndex(of: UInt8(ascii: "\n")) {
            utf8 = utf8[utf8.index(after: newline)...]
            currentLine += 1
        }
        let content = utf8.drop(while: { $0 == UInt8(ascii: " ") })
        return content.starts(with: "```".utf8) || content.starts(with: "~~~".utf8)
    }
}
