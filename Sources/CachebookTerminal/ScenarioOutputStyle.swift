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

    static func style(of line: Substring) -> TextStyle {
        if line.hasPrefix("CRASH") || line.hasPrefix("error:") || line.contains(" error ") || line.contains("! stale") { return .failure }
        if line.hasPrefix("    time") || line.hasPrefix("stats at") || line.hasPrefix("cache at") || line.hasPrefix("compare on") { return .strong }
        if line.contains(" stale ") || line.contains(" miss ") || line.contains("lost ") { return .warning }
        if line.contains("  · ") { return .muted }
        return []
    }
}
