import CachebookText

/// What a piece of terminal text means. ``TerminalStyler`` decides what that looks like, or
/// nothing at all when color is off.
public struct TextStyle: OptionSet, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let strong = TextStyle(rawValue: 1 << 0)
    public static let emphasis = TextStyle(rawValue: 1 << 1)
    public static let code = TextStyle(rawValue: 1 << 2)
    public static let link = TextStyle(rawValue: 1 << 3)
    public static let heading = TextStyle(rawValue: 1 << 4)
    public static let muted = TextStyle(rawValue: 1 << 5)
    public static let success = TextStyle(rawValue: 1 << 6)
    public static let failure = TextStyle(rawValue: 1 << 7)
    public static let warning = TextStyle(rawValue: 1 << 8)
}

/// A run of text in one style.
public struct StyledText: Hashable, Sendable {
    public var text: String
    public var style: TextStyle

    /// Makes a run, replacing control characters with visible stand-ins so that text from a
    /// lesson can never drive the terminal (an ESC would otherwise start an escape sequence).
    public init(_ text: String, style: TextStyle = []) {
        self.text = Self.makePrintable(text)
        self.style = style
    }

    /// Tabs become a space, other C0 controls and DEL their Unicode control pictures (␛ for ESC),
    /// C1 controls U+FFFD. Newlines are kept: the wrapper treats them as hard breaks.
    static func makePrintable(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: result.append(scalar)
            case 0x09: result.append(" ")
            case 0x00..<0x20: result.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: result.append("\u{2421}")
            case 0x80..<0xA0: result.append("\u{FFFD}")
            default: result.append(scalar)
            }
        }
        return String(result)
    }
}

/// One line of terminal output, made of styled runs.
public struct StyledLine: Hashable, Sendable {
    public var spans: [StyledText]

    public init(_ spans: [StyledText] = []) {
        self.spans = spans
    }

    public init(_ text: String, style: TextStyle = []) {
        self.spans = [StyledText(text, style: style)]
    }

    /// The columns this line occupies on screen.
    ///
    /// - Complexity: O(*n*) in the length of the line's text.
    public var width: Int {
        spans.reduce(0) { $0 + DisplayWidth.of($1.text) }
    }

    /// The line's text without styles.
    public var plainText: String {
        spans.map(\.text).joined()
    }

    /// This line with `prefix` in front.
    public func prefixed(by prefix: [StyledText]) -> StyledLine {
        StyledLine(prefix + spans)
    }
}
