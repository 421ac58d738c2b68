import Foundation

/// A tag of a Mustache template, read as the engine reads it with the default delimiters.
struct TemplateTag {
    /// From its `{{` to just after its `}}` (or `}}}`).
    var range: Range<String.Index>
    /// `#`, `^`, `/`, `&`, `!`, `>`, `<`, `$`, `=` or `%`; empty for a plain `{{value}}` or a
    /// `{{{value}}}`.
    var sigil: String
    /// The name, without the sigil and the white space around it; a comment's text. An empty
    /// name is `.`: the engine reads both as the innermost value.
    var name: String

    /// Whether the tag is one that frames do not look into: a partial, inheritance, changed
    /// delimiters or a pragma, or a name with dots or a transform. Comments are never.
    var isUnsupported: Bool {
        guard sigil != "!" else { return false }
        return ["<", ">", "$", "=", "%"].contains(sigil) || (name != "." && name.contains { "().".contains($0) })
    }

    /// The tags of `source`, in order, or `nil` if a tag is not closed.
    ///
    /// - Complexity: O(*n*) in the length of `source`.
    static func tags(in source: String) -> [TemplateTag]? {
        var tags: [TemplateTag] = []
        var rest = Substring(source)
        while let start = range(of: Array("{{".utf8), in: rest) {
            let isTriple = rest[start.upperBound...].utf8.first == UInt8(ascii: "{")
            let closing = Array((isTriple ? "}}}" : "}}").utf8)
            guard let end = range(of: closing, in: rest[start.upperBound...]) else { return nil }
            // The engine skips any white space around a tag's parts, line breaks too.
            var body = trimmed(source[(isTriple ? source.utf8.index(after: start.upperBound) : start.upperBound)..<end.lowerBound])
            let sigil = body.first.map(String.init) ?? ""
            let hasSigil = ["#", "^", "/", "&", "!", ">", "<", "$", "=", "%"].contains(sigil)
            if hasSigil { body = body.dropFirst() }
            let name = String(trimmed(body))
            tags.append(TemplateTag(range: start.lowerBound..<end.upperBound, sigil: hasSigil ? sigil : "",
                                    name: name.isEmpty && sigil != "!" ? "." : name))
            rest = rest[end.upperBound...]
        }
        return tags
    }

    /// Where `pattern` first is in `text`, by bytes.
    ///
    /// - Complexity: O(*n* × *m*) in the lengths of `text` and `pattern`; about O(*n*) for
    ///   patterns whose first byte is rare, as here.
    static func range(of pattern: [UInt8], in text: Substring) -> Range<String.Index>? {
        let utf8 = text.utf8
        var index = utf8.startIndex
        while let start = utf8[index...].firstIndex(of: pattern[0]) {
            if utf8[start...].starts(with: pattern) { return start..<utf8.index(start, offsetBy: pattern.count) }
            index = utf8.index(after: start)
        }
        return nil
    }

    private static func trimmed(_ text: Substring) -> Substring {
        let start = text.firstIndex { !$0.isWhitespace } ?? text.endIndex
        let end = text[start...].lastIndex { !$0.isWhitespace }.map(text.index(after:)) ?? start
        return text[start..<end]
    }
}
