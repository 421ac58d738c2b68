/// Colors a scenario transcript for the terminal without changing a character of it: misses,
/// stale reads, errors and crashes stand out, hits look calm.
public enum ScenarioOutputStyle {
    /// The transcript's lines, styled.
    public static func lines(_ transcript: String) -> [StyledLine] {
        var text = transcript
        if text.hasSuffix("\n") { text.removeLast() }
        guard !text.isEmpty else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            StyledLine([StyledText(String(line), style: style(of: line))])
        }
    }

    /// The transcript's lines for a screen `width` columns wide. Transcripts are laid out for
    /// their own width; wider than the screen, lines are cut rather than wrapped, so that their
    /// columns stay aligned.
    public static func lines(_ transcript: String, cutTo width: Int) -> [StyledLine] {
        lines(transcript).map { line in
            line.width <= width ? line : StyledLine([StyledText(line.plainText.fitted(toWidth: width), style: line.spans.first?.style ?? [])])
        }
    }

    /// The width to lay a block's transcript out for on a screen `screenWidth` wide: the block's
    /// own, narrowed to the screen, but never under 40 columns, the narrowest a log can be.
    public static func layoutWidth(block: Int, screen screenWidth: Int) -> Int {
        max(40, min(block, screenWidth))
    }

    static func style(of line: Substring) -> TextStyle {
        if line.hasPrefix("CRASH") || line.hasPrefix("error:") || line.contains(" error ") || line.contains("! stale") { return .failure }
        if line.hasPrefix("    time") || line.hasPrefix("stats at") || line.hasPrefix("cache at") || line.hasPrefix("compare on") { return .strong }
        if line.contains(" stale ") || line.contains(" miss ") || line.contains("lost ") { return .warning }
        if line.contains("  · ") { return .muted }
        return []
    }
}
