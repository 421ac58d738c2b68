/// Walks block nodes. The terminal and HTML renderers are two conformances of this protocol.
public protocol BlockVisitor {
    associatedtype Result
    mutating func visitParagraph(_ paragraph: Paragraph) -> Result
    mutating func visitHeading(_ heading: Heading) -> Result
    mutating func visitCodeBlock(_ codeBlock: CodeBlock) -> Result
    mutating func visitHTMLBlock(_ htmlBlock: HTMLBlock) -> Result
    mutating func visitBlockQuote(_ blockQuote: BlockQuote) -> Result
    mutating func visitList(_ list: ListBlock) -> Result
    mutating func visitThematicBreak(_ thematicBreak: ThematicBreak) -> Result
}

/// Walks inline nodes.
public protocol InlineVisitor {
    associatedtype Result
    mutating func visitText(_ text: String) -> Result
    mutating func visitSoftBreak() -> Result
    mutating func visitLineBreak() -> Result
    mutating func visitCode(_ code: String) -> Result
    mutating func visitInlineHTML(_ html: String) -> Result
    mutating func visitEmphasis(_ children: [Inline]) -> Result
    mutating func visitStrong(_ children: [Inline]) -> Result
    mutating func visitLink(_ link: Link) -> Result
    mutating func visitImage(_ image: Image) -> Result
}

extension Block {
    /// Dispatches to the visitor method for this node's kind.
    public func accept<V: BlockVisitor>(_ visitor: inout V) -> V.Result {
        switch self {
        case .paragraph(let node): visitor.visitParagraph(node)
        case .heading(let node): visitor.visitHeading(node)
        case .codeBlock(let node): visitor.visitCodeBlock(node)
        case .htmlBlock(let node): visitor.visitHTMLBlock(node)
        case .blockQuote(let node): visitor.visitBlockQuote(node)
        case .list(let node): visitor.visitList(node)
        case .thematicBreak(let node): visitor.visitThematicBreak(node)
        }
    }
}

extension Inline {
    /// Dispatches to the visitor method for this node's kind.
    public func accept<V: InlineVisitor>(_ visitor: inout V) -> V.Result {
        switch self {
        case .text(let text): visitor.visitText(text)
        case .softBreak: visitor.visitSoftBreak()
        case .lineBreak: visitor.visitLineBreak()
        case .code(let code): visitor.visitCode(code)
        case .html(let html): visitor.visitInlineHTML(html)
        case .emphasis(let children): visitor.visitEmphasis(children)
        case .strong(let children): visitor.visitStrong(children)
        case .link(let link): visitor.visitLink(link)
        case .image(let image): visitor.visitImage(image)
        }
    }
}
