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
    /// The lines of `source`. An ASCII scenario, which most are, is read byte by byte (a byte is
    /// a character there): reading it by characters cost more than running it. Tests compare
    /// the two ways with `readsASCIIAsBytes` off.
    static func lines(_ source: String, readsASCIIAsBytes: Bool = true) throws(ScenarioDiagnostic) -> [ScenarioLine] {
        if readsASCIIAsBytes && source.utf8.allSatisfy({ $0 < 0x80 }) {
            return try lines(of: asciiLines(Array(source.utf8)))
        }
        // `isNewline` splits CRLF too, which Swift reads as one character.
        return try lines(of: source.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline))
    }

    /// ASCII `bytes` split as `isNewline` splits characters: at LF, VT, FF and CR, with CRLF
    /// one break.
    private static func asciiLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case 0x0A, 0x0B, 0x0C, 0x0D:
                lines.append(bytes[start..<index])
                index += bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
                start = index
            default:
                index += 1
            }
        }
        lines.append(bytes[start...])
        return lines
    }

    private static func lines<Line: Collection>(of lines: [Line]) throws(ScenarioDiagnostic) -> [ScenarioLine]
        where Line.Element: ScenarioLexUnit {
        var result: [ScenarioLine] = []
        for (index, line) in lines.enumerated() {
            let tokens = try tokens(in: line, lineNumber: index + 1)
            guard !tokens.isEmpty else { continue }
            let indentation = line.prefix { $0.isIndentation }.count
            result.append(ScenarioLine(number: index + 1, indentation: indentation, tokens: tokens))
        }
        return result
    }

    private static func tokens<Line: Collection>(in line: Line, lineNumber: Int) throws(ScenarioDiagnostic) -> [ScenarioToken]
        where Line.Element: ScenarioLexUnit {
        typealias Unit = Line.Element
        var tokens: [ScenarioToken] = []
        var current: [Unit] = []
        var start = 0
        var inQuotes = false
        var quoteColumn = 0
        var escaped = false
        var quoteOffset: Int?
        var hasToken = false
        for (offset, unit) in line.enumerated() {
            let column = offset + 1
            if inQuotes {
                if escaped {
                    current.append(unit)
                    escaped = false
                } else if unit == .backslash {
                    escaped = true
                } else if unit == .quote {
                    inQuotes = false
                } else {
                    current.append(unit)
                }
                continue
            }
            if unit == .hash {
                if hasToken { tokens.append(ScenarioToken(text: Unit.text(current), column: start, quoteOffset: quoteOffset)) }
                return tokens
            } else if unit.isBlank {
                if hasToken { tokens.append(ScenarioToken(text: Unit.text(current), column: start, quoteOffset: quoteOffset)) }
                current = []
                hasToken = false
                quoteOffset = nil
            } else if unit == .quote {
                if !hasToken { start = column }
                hasToken = true
                if quoteOffset == nil { quoteOffset = current.count }
                inQuotes = true
                quoteColumn = column
            } else {
                if !hasToken { start = column }
                hasToken = true
                current.append(unit)
            }
        }
        if inQuotes {
            throw ScenarioDiagnostic(line: lineNumber, column: quoteColumn, message: "this quote is never closed",
                                     hint: "end the quoted text with another `\"`")
        }
        if hasToken { tokens.append(ScenarioToken(text: Unit.text(current), column: start, quoteOffset: quoteOffset)) }
        return tokens
    }
}

/// What the lexer reads a line as: characters, or, in an ASCII scenario, bytes.
fileprivate protocol ScenarioLexUnit: Equatable {
    static var quote: Self { get }
    static var backslash: Self { get }
    static var hash: Self { get }
    /// Space, tab or carriage return: between words.
    var isBlank: Bool { get }
    /// Space or tab: a line's indentation.
    var isIndentation: Bool { get }
    static func text(_ units: [Self]) -> String
}

extension Character: ScenarioLexUnit {
    static var quote: Character { "\"" }
    static var backslash: Character { "\\" }
    static var hash: Character { "#" }
    var isBlank: Bool { self == " " || self == "\t" || self == "\r" }
    var isIndentation: Bool { self == " " || self == "\t" }
    static func text(_ units: [Character]) -> String { String(units) }
}

extension UInt8: ScenarioLexUnit {
    static var quote: UInt8 { UInt8(ascii: "\"") }
    static var backslash: UInt8 { UInt8(ascii: "\\") }
    static var hash: UInt8 { UInt8(ascii: "#") }
    var isBlank: Bool { self == UInt8(ascii: " ") || self == UInt8(ascii: "\t") || self == UInt8(ascii: "\r") }
    var isIndentation: Bool { self == UInt8(ascii: " ") || self == UInt8(ascii: "\t") }
    static func text(_ units: [UInt8]) -> String { String(decoding: units, as: UTF8.self) }
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
