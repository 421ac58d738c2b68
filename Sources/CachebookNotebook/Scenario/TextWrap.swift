import CachebookText

/// Word wrapping for plain-text transcripts.
enum TextWrap {
    /// `text` broken at spaces into lines of at most `width` columns; lines after the first start
    /// with `indent` spaces. Leading spaces of `text` are kept. A word longer than a line gets a
    /// line of its own.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    static func words(_ text: String, width: Int, indent: Int) -> [String] {
        // No character is wider than its UTF-8 bytes, so text with no more bytes than columns
        // fits, and is its own single line. Most transcript lines do, and every runnable block
        // of a site build passes through here.
        if text.utf8.count <= width { return [text] }
        let leading = text.prefix { $0 == " " }
        var lines: [String] = []
        var current = String(leading)
        var currentWidth = leading.count
        var lineHasWord = false
        for word in text.dropFirst(leading.count).split(separator: " ", omittingEmptySubsequences: false) {
            let wordWidth = DisplayWidth.of(word)
            if lineHasWord && currentWidth + 1 + wordWidth > width {
                lines.append(current)
                current = String(repeating: " ", count: indent)
                currentWidth = indent
                lineHasWord = false
            }
            if lineHasWord {
                current += " "
                currentWidth += 1
            }
            current += word
            currentWidth += wordWidth
            lineHasWord = true
        }
        lines.append(current)
        return lines
    }
}
