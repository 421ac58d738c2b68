#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the program knows about where its output goes: a terminal or not, how wide, whether color
/// is wanted, and which pager to use.
public struct TerminalEnvironment: Sendable {
    public static let defaultWidth = 80
    public static let minimumWidth = 20
    public static let maximumWidth = 1000

    public var isOutputTerminal: Bool
    public var variables: [String: String]
    /// The terminal's own size when the output is a terminal.
    public var windowSize: (columns: Int, rows: Int)?

    public init(isOutputTerminal: Bool, variables: [String: String], windowSize: (columns: Int, rows: Int)? = nil) {
        self.isOutputTerminal = isOutputTerminal
        self.variables = variables
        self.windowSize = windowSize
    }

    /// The environment of this process, looking at standard output.
    public static func current(variables: [String: String]) -> TerminalEnvironment {
        let isTerminal = isatty(STDOUT_FILENO) != 0
        var size: (Int, Int)?
        if isTerminal {
            var window = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0 {
                size = (Int(window.ws_col), Int(window.ws_row))
            }
        }
        return TerminalEnvironment(isOutputTerminal: isTerminal, variables: variables, windowSize: size)
    }

    /// The width to render at: `--width`, else `COLUMNS`, else the terminal's, else 80; clamped to
    /// a usable range.
    public func width(override: Int?) -> Int {
        let chosen = override ?? variables["COLUMNS"].flatMap { Int($0.trimmingSpaces) } ?? windowSize?.columns ?? Self.defaultWidth
        return min(max(chosen, Self.minimumWidth), Self.maximumWidth)
    }

    /// Color only on a terminal, and never when `NO_COLOR` is set (to anything but the empty
    /// string, as no-color.org asks) or `--no-color` was passed.
    public func isColorEnabled(noColorFlag: Bool) -> Bool {
        guard !noColorFlag, isOutputTerminal else { return false }
        if let noColor = variables["NO_COLOR"], !noColor.isEmpty { return false }
        return variables["TERM"] != "dumb"
    }

    /// The pager command for `lineCount` lines of output, or `nil` when the output should be
    /// written directly: not a terminal, `--no-pager`, an empty `PAGER`, or it fits the screen.
    public func pagerCommand(noPagerFlag: Bool, lineCount: Int) -> String? {
        guard !noPagerFlag, isOutputTerminal else { return nil }
        let rows = variables["LINES"].flatMap { Int($0.trimmingSpaces) } ?? windowSize?.rows ?? 24
        guard lineCount >= rows else { return nil }
        let pager = variables["PAGER"] ?? "less -R"
        return pager.trimmingSpaces.isEmpty ? nil : pager
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
