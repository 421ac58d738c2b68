/// Turns styled lines into the bytes written to the terminal: ANSI SGR sequences when color is
/// on, plain text when it is off.
public struct TerminalStyler: Sendable {
    public var isColorEnabled: Bool

    public init(isColorEnabled: Bool) {
        self.isColorEnabled = isColorEnabled
    }

    /// Renders `lines`, one per output line, each ending in a newline.
    public func render(_ lines: [StyledLine]) -> String {
        var output = ""
        for line in lines {
            output += render(line)
            output += "\n"
        }
        return output
    }

    public func render(_ line: StyledLine) -> String {
        var output = ""
        for span in line.spans {
            output += render(span)
        }
        return output
    }

    public func render(_ span: StyledText) -> String {
        guard isColorEnabled, !span.style.isEmpty, !span.text.isEmpty else { return span.text }
        return "\u{1B}[" + Self.parameters(for: span.style) + "m" + span.text + "\u{1B}[0m"
    }

    static func parameters(for style: TextStyle) -> String {
        var codes: [String] = []
        if style.contains(.strong) || style.contains(.heading) { codes.append("1") }
        if style.contains(.muted) { codes.append("2") }
        if style.contains(.emphasis) { codes.append("3") }
        if style.contains(.link) { codes.append("4") }
        if style.contains(.failure) {
            codes.append("31")
        } else if style.contains(.success) {
            codes.append("32")
        } else if style.contains(.warning) {
            codes.append("33")
        } else if style.contains(.link) {
            codes.append("34")
        } else if style.contains(.heading) {
            codes.append("35")
        } else if style.contains(.code) {
            codes.append("36")
        }
        return codes.joined(separator: ";")
    }
}
