import CachebookText

/// Greedy word wrapping of styled text to a width in terminal columns.
///
/// Spaces between words on one line are kept as written, and so is indentation at the start of
/// the text or after a hard break; spaces at a wrap point are dropped.
/// A word wider than the line is split between characters. A newline in the text is a hard break.
public enum TextWrapper {
    /// Wraps `spans` into lines no wider than `width` columns (at least one column).
    ///
    /// - Complexity: O(*n*) in the length of the text.
    public static func wrap(_ spans: [StyledText], width: Int) -> [StyledLine] {
        var state = WrapState(width: max(1, width))
        for span in spans {
            for character in span.text {
                if character == "\n" {
                    state.endWord()
                    state.hardBreak()
                } else if character == " " {
                    state.endWord()
                    state.addSpace(style: span.style)
                } else {
                    state.addToWord(character, style: span.style)
                }
            }
        }
        state.endWord()
        return state.finish()
    }

    /// Wraps `spans` to `width` with every line after `indent`: lists, notes and ids that sit
    /// to the right of a margin.
    ///
    /// - Complexity: O(*n*) in the length of the text.
    public static func wrap(_ spans: [StyledText], width: Int, indent: String) -> [StyledLine] {
        wrap(spans, width: width - DisplayWidth.of(indent)).map { $0.prefixed(by: [StyledText(indent)]) }
    }

    /// Hard-wraps one line of preformatted text, character by character, keeping every space.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    public static func hardWrap(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        var current = ""
        var currentWidth = 0
        for character in text {
            let characterWidth = DisplayWidth.of(character)
            if currentWidth + characterWidth > width && currentWidth > 0 {
                lines.append(current)
                current = ""
                currentWidth = 0
            }
            current.append(character)
            currentWidth += characterWidth
        }
        lines.append(current)
        return lines
    }
}

private struct WrapState {
    let width: Int
    var lines: [StyledLine] = []
    var line: [StyledText] = []
    var lineWidth = 0
    var pendingSpaces: [StyledText] = []
    var pendingWidth = 0
    var word: [StyledText] = []
    var wordWidth = 0
    /// True until the first word of a line that the text itself started (not a wrap).
    var keepsIndentation = true

    init(width: Int) {
        self.width = width
    }

    mutating func addToWord(_ character: Character, style: TextStyle) {
        if let last = word.last, last.style == style {
            word[word.count - 1].text.append(character)
        } else {
            word.append(StyledText(String(character), style: style))
        }
        wordWidth += DisplayWidth.of(character)
    }

    mutating func addSpace(style: TextStyle) {
        if lineWidth == 0 && keepsIndentation && lineWidth + pendingWidth < width {
            append([StyledText(" ", style: style)])
            lineWidth += 1
            return
        }
        guard lineWidth > 0 else { return }
        pendingSpaces.append(StyledText(" ", style: style))
        pendingWidth += 1
    }

    mutating func endWord() {
        guard !word.isEmpty else { return }
        keepsIndentation = false
        if lineWidth > 0 && lineWidth + pendingWidth + wordWidth > width {
            breakLine()
        }
        if lineWidth > 0 {
            append(pendingSpaces)
            lineWidth += pendingWidth
        }
        pendingSpaces = []
        pendingWidth = 0
        if lineWidth + wordWidth <= width {
            append(word)
            lineWidth += wordWidth
        } else {
            placeCharacterByCharacter(word)
        }
        word = []
        wordWidth = 0
    }

    /// Ends the current line because the text has a newline.
    mutating func hardBreak() {
        breakLine()
        keepsIndentation = true
    }

    mutating func breakLine() {
        lines.append(StyledLine(line))
        line = []
        lineWidth = 0
        pendingSpaces = []
        pendingWidth = 0
    }

    func finish() -> [StyledLine] {
        var result = lines
        if !line.isEmpty || result.isEmpty { result.append(StyledLine(line)) }
        return result
    }

    private mutating func append(_ spans: [StyledText]) {
        for span in spans {
            if let last = line.last, last.style == span.style {
                line[line.count - 1].text += span.text
            } else {
                line.append(span)
            }
        }
    }

    private mutating func placeCharacterByCharacter(_ spans: [StyledText]) {
        for span in spans {
            for character in span.text {
                let characterWidth = DisplayWidth.of(character)
                if lineWidth + characterWidth > width && lineWidth > 0 {
                    breakLine()
                }
                append([StyledText(String(character), style: span.style)])
                lineWidth += characterWidth
            }
        }
    }
}
