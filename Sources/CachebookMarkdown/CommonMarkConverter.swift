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
///
/// Children are gathered in stacks of arrays of their own (blocks, list items, inlines), one
/// array per open container that holds them, and appended in place; a container past the
/// nesting cap holds none, so its children go to the nearest container that does.
private struct TreeBuilder {
    private enum Frame {
        case blockQuote(SourceRange)
        case list(ListBlock.Kind, isTight: Bool, SourceRange)
        case item(SourceRange)
        case paragraph(SourceRange)
        case heading(level: Int, SourceRange)
        case emphasis
        case strong
        case link(destination: String, title: String)
        case image(source: String, title: String)
        /// A container past the nesting cap, or one of a kind cmark never makes.
        case flattened
    }

    private let source: String
    private let lineOffset: Int
    private var frames: [Frame] = []
    /// The blocks of the document and of each open block quote and list item, innermost last.
    private var blocks: [[Block]] = [[]]
    /// The items of each open list.
    private var items: [[ListItem]] = []
    /// The inlines of each open paragraph, heading, emphasis, strong, link and image.
    private var inlines: [[Inline]] = []
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
            blocks[0] = Self.array(forChildrenOf: node)
        case CMARK_NODE_BLOCK_QUOTE:
            if pushBlockContainer(.blockQuote(range(of: node))) { blocks.append(Self.array(forChildrenOf: node)) }
        case CMARK_NODE_LIST:
            let kind: ListBlock.Kind = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
                ? .ordered(start: Int(cmark_node_get_list_start(node))) : .bullet
            if pushBlockContainer(.list(kind, isTight: cmark_node_get_list_tight(node) != 0, range(of: node))) {
                items.append(Self.array(forChildrenOf: node))
            }
        case CMARK_NODE_ITEM:
            // An item follows its list: flattened lists have flattened items.
            if case .flattened? = frames.last {
                frames.append(.flattened)
            } else {
                frames.append(.item(range(of: node)))
                blocks.append(Self.array(forChildrenOf: node))
            }
        case CMARK_NODE_PARAGRAPH:
            frames.append(.paragraph(range(of: node)))
            inlines.append(Self.array(forChildrenOf: node))
        case CMARK_NODE_HEADING:
            frames.append(.heading(level: Int(cmark_node_get_heading_level(node)), range(of: node)))
            inlines.append(Self.array(forChildrenOf: node))
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
            pushInlineContainer(.emphasis, node: node)
        case CMARK_NODE_STRONG:
            pushInlineContainer(.strong, node: node)
        case CMARK_NODE_LINK:
            pushInlineContainer(.link(destination: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node))), node: node)
        case CMARK_NODE_IMAGE:
            pushInlineContainer(.image(source: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node))), node: node)
        default:
            // Custom nodes never come out of the parser; keep their children if they ever do.
            frames.append(.flattened)
        }
    }

    mutating func exit(_ node: OpaquePointer) {
        guard cmark_node_get_type(node) != CMARK_NODE_DOCUMENT, let frame = frames.popLast() else { return }
        switch frame {
        case .blockQuote(let range):
            blockDepth -= 1
            let children = blocks.removeLast()
            appendBlock(.blockQuote(BlockQuote(blocks: children, range: range)))
        case .list(let kind, let isTight, let range):
            blockDepth -= 1
            let children = items.removeLast()
            appendBlock(.list(ListBlock(kind: kind, isTight: isTight, items: children, range: range)))
        case .item(let range):
            let children = blocks.removeLast()
            if !items.isEmpty { items[items.count - 1].append(ListItem(blocks: children, range: range)) }
        case .paragraph(let range):
            appendBlock(.paragraph(Paragraph(content: inlines.removeLast(), range: range)))
        case .heading(let level, let range):
            appendBlock(.heading(Heading(level: level, content: inlines.removeLast(), range: range)))
        case .emphasis:
            inlineDepth -= 1
            appendInline(.emphasis(inlines.removeLast()))
        case .strong:
            inlineDepth -= 1
            appendInline(.strong(inlines.removeLast()))
        case .link(let destination, let title):
            inlineDepth -= 1
            appendInline(.link(Link(destination: destination, title: title, content: inlines.removeLast())))
        case .image(let source, let title):
            inlineDepth -= 1
            appendInline(.image(Image(source: source, title: title, alt: inlines.removeLast())))
        case .flattened:
            break
        }
    }

    func finish() -> MarkdownDocument {
        MarkdownDocument(blocks: blocks.first ?? [])
    }

    /// Opens a block quote or list, or a flattened frame past the nesting cap; returns whether
    /// the container was opened (and so needs an array for its children).
    private mutating func pushBlockContainer(_ frame: Frame) -> Bool {
        guard blockDepth < MarkdownDocument.maximumNestingDepth else {
            frames.append(.flattened)
            return false
        }
        blockDepth += 1
        frames.append(frame)
        return true
    }

    private mutating func pushInlineContainer(_ frame: Frame, node: OpaquePointer) {
        if inlineDepth >= MarkdownDocument.maximumNestingDepth {
            frames.append(.flattened)
        } else {
            inlineDepth += 1
            frames.append(frame)
            inlines.append(Self.array(forChildrenOf: node))
        }
    }

    /// An empty array with room for the children of `node`: grown one append at a time, a
    /// paragraph's inlines were copied into a new buffer at nearly every append, a tenth of
    /// the conversion. (A flattened container's children go to its parent, which may then
    /// grow; that is rare.)
    ///
    /// - Complexity: O(*c*) in the number of children.
    private static func array<Element>(forChildrenOf node: OpaquePointer) -> [Element] {
        var count = 0
        var child = cmark_node_first_child(node)
        while let current = child {
            count += 1
            child = cmark_node_next(current)
        }
        var array: [Element] = []
        array.reserveCapacity(count)
        return array
    }

    /// Adds a finished block to the innermost container that holds blocks.
    private mutating func appendBlock(_ block: consuming Block) {
        blocks[blocks.count - 1].append(block)
    }

    /// Adds an inline to the innermost container that holds inlines; outside any, it is dropped.
    private mutating func appendInline(_ inline: consuming Inline) {
        guard !inlines.isEmpty else { return }
        inlines[inlines.count - 1].append(inline)
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
