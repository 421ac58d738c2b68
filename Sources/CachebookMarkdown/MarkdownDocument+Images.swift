extension MarkdownDocument {
    /// Every image the document shows, in order, with the first line of the block it sits in
    /// (inline nodes carry no position of their own).
    ///
    /// - Complexity: O(*n*) in the size of the document.
    public var images: [(source: String, line: Int)] {
        var found: [(source: String, line: Int)] = []
        func inlines(_ nodes: [Inline], line: Int) {
            for node in nodes {
                switch node {
                case .image(let image): found.append((image.source, line))
                case .emphasis(let children), .strong(let children): inlines(children, line: line)
                case .link(let link): inlines(link.content, line: line)
                case .text, .softBreak, .lineBreak, .code, .html: break
                }
            }
        }
        func blocks(_ nodes: [Block]) {
            for node in nodes {
                switch node {
                case .paragraph(let paragraph): inlines(paragraph.content, line: paragraph.range.start.line)
                case .heading(let heading): inlines(heading.content, line: heading.range.start.line)
                case .blockQuote(let quote): blocks(quote.blocks)
                case .list(let list): list.items.forEach { blocks($0.blocks) }
                case .codeBlock, .htmlBlock, .thematicBreak: break
                }
            }
        }
        blocks(self.blocks)
        return found
    }
}
