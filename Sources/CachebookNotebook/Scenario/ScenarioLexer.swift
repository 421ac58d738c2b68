/// A word of a scenario line, with the column it starts at.
struct ScenarioToken: Hashable, Sendable {
    var text: String
    /// 1-based, counted in characters from the start of the line.
    var column: Int
    /// Where in `text` quoting began, if the word was quoted at all.
    var quoteOffset: Int?

    init(text: String, column: Int, quoteOffset: Int? = nil) {
        self.text = text
        self.column = column
        self.quoteOffset = quoteOffset
    }

    init(text: String, column: Int, wasQuoted: Bool) {
        self.init(text: text, column: column, quoteOffset: wasQuoted ? 0 : nil)
    }

    var wasQuoted: Bool { quoteOffset != nil }

    /// `key=value` split at the first `=`, when the `=` comes before any quote: `note="a b"` is
    /// an option with a quoted value, `"a=b"` is one quoted word.
    var option: (name: String, value: String, valueColumn: Int)? {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return nil }
        let name = String(text[..<equals])
        if let quoteOffset, quoteOffset <= name.count { return nil }
        return (name, String(text[text.index(after: equals)...]), column + name.count + 1)
    }
}

/// One non-empty, non-comment line of a scenario.
struct ScenarioLine: Hashable, Sendable {
    /// 1-based line within the block.
    var number: Int
    /// Columns of leading whitespace, so `together` bodies can be told apart.
    var indentation: Int
    var tokens: [ScenarioToken]
}

/// Splits a scenario into lines of words. `#` starts a comment outside quotes; double quotes
/// group words (`put note "hello world"`), with `\"` for a quote inside them.
enum ScenarioLexer {
    static func lines(_ source: String) throws(ScenarioDiagnostic) -> [ScenarioLine] {
        var result: [ScenarioLine] = []
        // `isNewline` splits CRLF too, which Swift reads as one character.
        for (index, line) in source.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let tokens = try tokens(in: line, lineNumber: index + 1)
            guard !tokens.isEmpty else { continue }
            let indentation = line.prefix { $0 == " " || $0 == "\t" }.count
            result.append(ScenarioLine(number: index + 1, indentation: indentation, tokens: tokens))
        }
        return result
    }

    private static func tokens(in line: Substring, lineNumber: Int) throws(ScenarioDiagnostic) -> [ScenarioToken] {
        var tokens: [ScenarioToken] = []
        var current = ""
        var start = 0
        var inQuotes = false
        var quoteColumn = 0
        var escaped = false
        var quoteOffset: Int?
        var hasToken = false
        for (offset, character) in line.enumerated() {
            let column = offset + 1
            if inQuotes {
                if escaped {
                    current.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inQuotes = false
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case "#":
                if hasToken { tokens.append(ScenarioToken(text: current, column: start, quoteOffset: quoteOffset)) }
                return tokens
            case " ", "\t", "\r":
                if hasToken { tokens.append(ScenarioToken(text: current, column: start, quoteOffset: quoteOffset)) }
                current = ""
                hasToken = false
                quoteOffset = nil
            case "\"":
                if !hasToken { start = column }
                hasToken = true
                if quoteOffset == nil { quoteOffset = current.count }
                inQuotes = true
                quoteColumn = column
            default:
                if !hasToken { start = column }
                hasToken = true
                current.append(character)
            }
        }
        if inQuotes {
            throw ScenarioDiagnostic(line: lineNumber, column: quoteColumn, message: "this quote is never closed",
                                     hint: "end the quoted text with another `\"`")
        }
        if hasToken { tokens.append(ScenarioToken(text: current, column: start, quoteOffset: quoteOffset)) }
        return tokens
    }
}

/// A problem in a scenario, at a line and column of the scenario itself. ``RunnableBlock``
/// turns it into a diagnostic at the lesson file's line.
public struct ScenarioDiagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    /// 1-based line within the scenario.
    public var line: Int
    /// 1-based column within that line.
    public var column: Int
    public var message: String
    public var hint: String

    public init(line: Int, column: Int, message: String, hint: String) {
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    public var description: String { "\(line):\(column): \(message)" }
}
