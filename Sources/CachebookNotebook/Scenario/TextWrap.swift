import CachebookText

/// Word wrapping for plain-text transcripts.
enum TextWrap {
    /// `text` broken at spaces into lines of at most `width` columns; lines after the first start
    /// with `indent` spaces. Leading spaces of `text` are kept. A word longer than a line gets a
    /// line of its own.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    static func words(_ text: String, width: Int, indent: Int) -> [String] {
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
