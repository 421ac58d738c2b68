import Foundation

/// A tag of a Mustache template, read as the engine reads it with the default delimiters.
struct TemplateTag {
    /// From its `{{` to just after its `}}` (or `}}}`).
    var range: Range<String.Index>
    /// `#`, `^`, `/`, `&`, `!`, `>`, `<`, `$`, `=` or `%`; empty for a plain `{{value}}` or a
    /// `{{{value}}}`.
    var sigil: String
    /// The name, without the sigil and the white space around it; a comment's text.
    var name: String

    /// The tags of `source`, in order, or `nil` if a tag is not closed.
    ///
    /// - Complexity: O(*n*) in the length of `source`.
    static func tags(in source: String) -> [TemplateTag]? {
        var tags: [TemplateTag] = []
        let utf8 = source.utf8
        var index = utf8.startIndex
        while let start = find("{{", in: utf8, from: index) {
            let afterOpen = utf8.index(start, offsetBy: 2)
            let isTriple = afterOpen < utf8.endIndex && utf8[afterOpen] == UInt8(ascii: "{")
            guard let end = find(isTriple ? "}}}" : "}}", in: utf8, from: afterOpen) else { return nil }
            // The engine skips any white space around a tag's parts, line breaks too.
            var body = trimmed(source[(isTriple ? utf8.index(after: afterOpen) : afterOpen)..<end])
            let sigil = body.first.map(String.init) ?? ""
            let hasSigil = ["#", "^", "/", "&", "!", ">", "<", "$", "=", "%"].contains(sigil)
            if hasSigil { body = body.dropFirst() }
            index = utf8.index(end, offsetBy: isTriple ? 3 : 2)
            tags.append(TemplateTag(range: start..<index, sigil: hasSigil ? sigil : "", name: String(trimmed(body))))
        }
        return tags
    }

    /// Where `pattern` (ASCII) is next in `utf8`, from `index`.
    private static func find(_ pattern: StaticString, in utf8: String.UTF8View, from index: String.Index) -> String.Index? {
        let first = pattern.utf8Start.pointee
        var index = index
        while let start = utf8[index...].firstIndex(of: first) {
            if utf8[start...].starts(with: UnsafeBufferPointer(start: pattern.utf8Start, count: pattern.utf8CodeUnitCount)) { return start }
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
