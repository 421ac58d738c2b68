/// A parsed Markdown document: our own tree, independent of the parser that built it.
///
/// Renderers walk this tree through ``BlockVisitor`` and ``InlineVisitor``; they never see cmark.
/// Container nesting is capped at ``MarkdownDocument/maximumNestingDepth``: deeper containers are
/// flattened into their parent so that no walker can overflow the stack, while every piece of
/// text is kept.
public struct MarkdownDocument: Hashable, Sendable {
    /// The deepest block or inline container the tree keeps. Deeper ones give their children to
    /// their parent.
    public static let maximumNestingDepth = 48

    public var blocks: [Block]

    public init(blocks: [Block]) {
        self.blocks = blocks
    }
}

/// A block-level node.
public enum Block: Hashable, Sendable {
    case paragraph(Paragraph)
    case heading(Heading)
    case codeBlock(CodeBlock)
    case htmlBlock(HTMLBlock)
    case blockQuote(BlockQuote)
    case list(ListBlock)
    case thematicBreak(ThematicBreak)

    /// Where the block sits in its source file.
    public var range: SourceRange {
        switch self {
        case .paragraph(let node): node.range
        case .heading(let node): node.range
        case .codeBlock(let node): node.range
        case .htmlBlock(let node): node.range
        case .blockQuote(let node): node.range
        case .list(let node): node.range
        case .thematicBreak(let node): node.range
        }
    }
}

public struct Paragraph: Hashable, Sendable {
    public var content: [Inline]
    public var range: SourceRange

    public init(content: [Inline], range: SourceRange) {
        self.content = content
        self.range = range
    }
}

public struct Heading: Hashable, Sendable {
    /// 1 to 6.
    public var level: Int
    public var content: [Inline]
    public var range: SourceRange

    public init(level: Int, content: [Inline], range: SourceRange) {
        self.level = level
        self.content = content
        self.range = range
    }
}

/// A fenced or indented code block.
public struct CodeBlock: Hashable, Sendable {
    /// The whole info string of a fenced block (`cachelab id=demo`), empty for indented code.
    public var info: String
    /// The code, with a trailing newline when the source had one.
    public var code: String
    public var isFenced: Bool
    public var range: SourceRange

    public init(info: String, code: String, isFenced: Bool, range: SourceRange) {
        self.info = info
        self.code = code
        self.isFenced = isFenced
        self.range = range
    }

    /// The first word of the info string: the block's language, or `nil` when there is none.
    public var language: String? {
        let word = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
        return word?.isEmpty == false ? word : nil
    }
}

/// Raw HTML at block level. Renderers show it as text unless a course opts in to raw HTML.
public struct HTMLBlock: Hashable, Sendable {
    public var html: String
    public var range: SourceRange

    public init(html: String, range: SourceRange) {
        self.html = html
        self.range = range
    }
}

public struct BlockQuote: Hashable, Sendable {
    public var blocks: [Block]
    public var range: SourceRange

    public init(blocks: [Block], range: SourceRange) {
        self.blocks = blocks
        self.range = range
    }
}

public struct ListBlock: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case bullet
        /// An ordered list and the number of its first item.
        case ordered(start: Int)
    }

    public var kind: Kind
    /// A tight list has no blank lines between its items.
    public var isTight: Bool
    public var items: [ListItem]
    public var range: SourceRange

    public init(kind: Kind, isTight: Bool, items: [ListItem], range: SourceRange) {
        self.kind = kind
        self.isTight = isTight
        self.items = items
        self.range = range
    }
}

public struct ListItem: Hashable, Sendable {
    public var blocks: [Block]
    public var range: SourceRange

    public init(blocks: [Block], range: SourceRange) {
        self.blocks = blocks
        self.range = range
    }
}

public struct ThematicBreak: Hashable, Sendable {
    public var range: SourceRange

    public init(range: SourceRange) {
        self.range = range
    }
}

/// An inline node.
public enum Inline: Hashable, Sendable {
    case text(String)
    /// A line ending inside a paragraph; renderers usually show it as a space.
    case softBreak
    /// A hard line break (two trailing spaces or a backslash).
    case lineBreak
    case code(String)
    /// Raw inline HTML, kept as its source text.
    case html(String)
    case emphasis([Inline])
    case strong([Inline])
    case link(Link)
    case image(Image)
}

public struct Link: Hashable, Sendable {
    public var destination: String
    public var title: String
    public var content: [Inline]

    public init(destination: String, title: String, content: [Inline]) {
        self.destination = destination
        self.title = title
        self.content = content
    }
}

public struct Image: Hashable, Sendable {
    public var source: String
    public var title: String
    /// The alt text, as inline content.
    public var alt: [Inline]

    public init(source: String, title: String, alt: [Inline]) {
        self.source = source
        self.title = title
        self.alt = alt
    }
}
