import CachebookMarkdown

/// Renders our Markdown tree as HTML. Every piece of text is escaped; raw HTML is dropped unless
/// the course allows it; unsafe link targets are dropped and their text kept.
public struct HTMLRenderer: BlockVisitor {
    /// Renders some code blocks specially (runnable blocks, outputs, exercises). `nil` keeps the
    /// usual rendering; an empty string hides the block.
    public typealias CodeBlockOverride = (CodeBlock) -> String?

    public var allowsRawHTML: Bool
    private var codeBlockOverride: CodeBlockOverride?
    /// Anchors given out so far, so that repeated headings get distinct ids.
    private var usedAnchors: [String: Int] = [:]
    /// The headings rendered, with their anchors, for the search index and the table of contents.
    public private(set) var headings: [(level: Int, text: String, anchor: String)] = []

    /// Ids the page layout uses, which headings must not take.
    public static let reservedAnchors = ["content", "sidebar", "search-input", "search-results", "objectives-title"]

    /// Put before every heading anchor, so that several documents can share a page.
    public var anchorPrefix: String
    /// Where the page finds an image the document names, or `nil` to show its alt text instead.
    public var imageSource: (String) -> String? = { $0 }
    /// Put, unescaped, before every URL `imageSource` gives.
    public var imageRoot = ""

    public init(allowsRawHTML: Bool = false, anchorPrefix: String = "", codeBlockOverride: CodeBlockOverride? = nil) {
        self.allowsRawHTML = allowsRawHTML
        self.anchorPrefix = anchorPrefix
        self.codeBlockOverride = codeBlockOverride
        for anchor in Self.reservedAnchors { usedAnchors[anchor] = 1 }
    }

    /// The HTML written so far by the walk in progress. Every visitor appends to this one
    /// buffer: returning a string from each node and joining them copied every page's HTML once
    /// per level of nesting.
    private var output = HTMLOutput()

    /// The HTML of `blocks`.
    ///
    /// - Complexity: O(*n*) in the size of the blocks.
    public mutating func render(_ blocks: [Block]) -> String {
        var html = HTMLOutput()
        swap(&html, &output)
        append(blocks)
        swap(&html, &output)
        return html.string
    }

    private mutating func append(_ blocks: [Block]) {
        for block in blocks { block.accept(&self) }
    }

    public mutating func visitParagraph(_ paragraph: Paragraph) {
        output.append("<p>")
        appendInlineHTML(paragraph.content)
        output.append("</p>\n")
    }

    public mutating func visitHeading(_ heading: Heading) {
        let text = Self.plainText(heading.content)
        var anchor = HTML.anchor(text)
        if let count = usedAnchors[anchor] {
            usedAnchors[anchor] = count + 1
            anchor += "-\(count + 1)"
        } else {
            usedAnchors[anchor] = 1
        }
        anchor = anchorPrefix + anchor
        headings.append((heading.level, text, anchor))
        let level = min(max(heading.level, 1), 6)
        output.append("<h")
        output.append(level)
        output.append(" id=\"")
        output.append(html: anchor)
        output.append("\">")
        appendInlineHTML(heading.content)
        output.append("</h")
        output.append(level)
        output.append(">\n")
    }

    public mutating func visitCodeBlock(_ codeBlock: CodeBlock) {
        output.append(html: codeBlockOverride?(codeBlock) ?? Self.codeHTML(codeBlock))
    }

    /// A code block as `<pre><code>`, labelled with its language.
    public static func codeHTML(_ codeBlock: CodeBlock) -> String {
        let language = codeBlock.language.map { " class=\"language-\(HTML.escape($0))\" data-language=\"\(HTML.escape($0))\"" } ?? ""
        return "<pre><code\(language)>" + HTML.escape(codeBlock.code) + "</code></pre>\n"
    }

    public mutating func visitHTMLBlock(_ htmlBlock: HTMLBlock) {
        if allowsRawHTML { output.append(html: HTML.withoutMarkers(htmlBlock.html)) }
    }

    public mutating func visitBlockQuote(_ blockQuote: BlockQuote) {
        output.append("<blockquote>\n")
        append(blockQuote.blocks)
        output.append("</blockquote>\n")
    }

    public mutating func visitList(_ list: ListBlock) {
        switch list.kind {
        case .bullet:
            output.append("<ul>\n")
        case .ordered(let start) where start == 1:
            output.append("<ol>\n")
        case .ordered(let start):
            output.append("<ol start=\"")
            output.append(start)
            output.append("\">\n")
        }
        for item in list.items {
            output.append("<li>")
            if list.isTight {
                // Tight lists show their paragraphs without <p>, as CommonMark prescribes.
                for block in item.blocks {
                    if case .paragraph(let paragraph) = block {
                        appendInlineHTML(paragraph.content)
                    } else {
                        output.append("\n")
                        block.accept(&self)
                    }
                }
            } else {
                output.append("\n")
                append(item.blocks)
            }
            output.append("</li>\n")
        }
        switch list.kind {
        case .bullet: output.append("</ul>\n")
        case .ordered: output.append("</ol>\n")
        }
    }

    public mutating func visitThematicBreak(_ thematicBreak: ThematicBreak) {
        output.append("<hr>\n")
    }

    /// The HTML of inline content.
    public func inlineHTML(_ inlines: [Inline]) -> String {
        var renderer = inlineRenderer
        renderer.render(inlines)
        return renderer.output.string
    }

    private var inlineRenderer: InlineHTMLRenderer {
        InlineHTMLRenderer(allowsRawHTML: allowsRawHTML, anchorPrefix: anchorPrefix, imageSource: imageSource, imageRoot: imageRoot)
    }

    /// Appends the HTML of `inlines` to ``output``, handing the string over and back, not copying it.
    private mutating func appendInlineHTML(_ inlines: [Inline]) {
        var renderer = inlineRenderer
        swap(&renderer.output, &output)
        renderer.render(inlines)
        swap(&renderer.output, &output)
    }

    /// The text of inline content without markup.
    public static func plainText(_ inlines: [Inline]) -> String {
        var text: [UInt8] = []
        appendPlainText(of: inlines, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends the UTF-8 of the text of `inlines`, without markup, to `bytes`: straight in, as
    /// the search index gathers a lesson's text this way (through a closure, each piece cost a
    /// check that nothing else was writing to the text at the same time).
    ///
    /// - Complexity: O(*n*) in the length of the text.
    static func appendPlainText(of inlines: [Inline], to bytes: inout [UInt8]) {
        for inline in inlines {
            switch inline {
            case .text(var content), .code(var content): content.withUTF8 { bytes.append(contentsOf: $0) }
            case .emphasis(let children), .strong(let children): appendPlainText(of: children, to: &bytes)
            case .link(let link): appendPlainText(of: link.content, to: &bytes)
            case .image(let image): appendPlainText(of: image.alt, to: &bytes)
            case .softBreak, .lineBreak: bytes.append(UInt8(ascii: " "))
            case .html: break
            }
        }
    }
}

private struct InlineHTMLRenderer: InlineVisitor {
    let allowsRawHTML: Bool
    let anchorPrefix: String
    let imageSource: (String) -> String?
    let imageRoot: String
    /// The HTML written so far; see ``HTMLRenderer``.
    var output = HTMLOutput()

    mutating func visitText(_ text: String) { output.append(escaping: text) }
    mutating func visitSoftBreak() { output.append("\n") }
    mutating func visitLineBreak() { output.append("<br>\n") }
    mutating func visitCode(_ code: String) {
        output.append("<code>")
        output.append(escaping: code)
        output.append("</code>")
    }
    mutating func visitInlineHTML(_ html: String) {
        if allowsRawHTML { output.append(html: HTML.withoutMarkers(html)) }
    }
    mutating func visitEmphasis(_ children: [Inline]) {
        output.append("<em>")
        render(children)
        output.append("</em>")
    }
    mutating func visitStrong(_ children: [Inline]) {
        output.append("<strong>")
        render(children)
        output.append("</strong>")
    }

    mutating func visitLink(_ link: Link) {
        // An unsafe target is dropped and the link's text kept.
        guard LinkTarget.isSafe(link.destination) else { return render(link.content) }
        output.append("<a href=\"")
        // A link to a heading of the same document follows the heading's prefixed anchor.
        if link.destination.hasPrefix("#") {
            output.append("#")
            output.append(html: anchorPrefix)
            output.append(escaping: String(link.destination.dropFirst()))
        } else {
            output.append(escaping: link.destination)
        }
        output.append("\"")
        appendTitle(link.title)
        output.append(">")
        render(link.content)
        output.append("</a>")
    }

    mutating func visitImage(_ image: Image) {
        let alt = HTMLRenderer.plainText(image.alt)
        // Images from other sites would make the page send requests elsewhere; show their alt text.
        guard LinkTarget.isSafe(image.source), !image.source.lowercased().hasPrefix("http"), !image.source.hasPrefix("//"),
              let source = imageSource(image.source)
        else {
            output.append("<span class=\"image-alt\">[")
            output.append(escaping: alt)
            output.append("]</span>")
            return
        }
        output.append("<img src=\"")
        output.append(html: imageRoot)
        output.append(escaping: source)
        output.append("\" alt=\"")
        output.append(escaping: alt)
        output.append("\"")
        appendTitle(image.title)
        output.append(">")
    }

    /// A ` title` attribute, if there is a title.
    private mutating func appendTitle(_ title: String) {
        guard !title.isEmpty else { return }
        output.append(" title=\"")
        output.append(escaping: title)
        output.append("\"")
    }

    mutating func render(_ children: [Inline]) {
        for child in children { child.accept(&self) }
    }
}
