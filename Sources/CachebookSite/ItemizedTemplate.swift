import Foundation
import Mustache

/// A template whose sections over lists of maps are rendered item by item, each item through a
/// frame made once for each shape of item (``TemplateFrames``), instead of by the engine, which
/// looks every name up at every tag of every item: the print view's lessons, the index's phases
/// and their lessons, the checklist page's items.
///
/// A section `{{#items}}…{{/items}}` is cut out of its template when no other section holds it
/// and its name holds a list of maps. The cut keeps the engine's text, which drops the line of a
/// section's tag or a comment that stands alone on it (``Level/standaloneLines(of:in:)``):
/// - the section's content becomes the items' template: without the tags' lines when they stand
///   alone; where its first or last line goes on past a tag, a guard (a value no context has,
///   `{{{cachebook-guard}}}`) keeps that line's tags from standing alone, as the section's tag did;
/// - in the rest of the template the section's tags stay, renamed to a section shown once, so
///   that the engine reads the lines around them as before; their content is a marker (on a line
///   of its own when the content ended one), which is replaced by the items' text.
/// An item is rendered with the values its template names, each looked up from the item out, as
/// the engine looks names up. A template with partials, changed delimiters, dotted names or
/// transforms, with `{{.}}` other than in a section over a list of text, or with a marker in its
/// text or its values, is rendered by the engine whole. A seeded test renders thousands of
/// random templates and contexts both ways.
final class ItemizedTemplate {
    private let level: Level?
    /// The engine's rendering of the whole template.
    private let render: ([String: Any]) -> String

    /// The template whose text is `source` and which the engine renders with `render`.
    init(source: String, render: @escaping @Sendable ([String: Any]) -> String) {
        self.render = render
        // The names the cut puts in templates are its own: a template using them is left whole.
        let usesOurNames = source.contains(Self.cutName) || source.contains(Self.guardName)
        level = usesOurNames ? nil : Level(source: source, render: render)
    }

    /// The template rendered with `context`, as the parts to join, in order.
    ///
    /// - Complexity: O(*n*) in the size of `context`, plus one rendering by the engine for each
    ///   shape of item and each item that holds a list.
    func parts(_ context: TemplateContext) -> [String] {
        itemizedParts(context) ?? [render(context.engineValue)]
    }

    /// The template rendered with `context` item by item, or `nil` if the template or the
    /// context does not allow it.
    func itemizedParts(_ context: TemplateContext) -> [String]? {
        level?.parts(scopes: [context])
    }

    /// What a guard is named: no context has it, so it prints nothing.
    private static let guardName = "cachebook-guard"
    fileprivate static let guardTag = "{{{\(guardName)}}}"
    /// What the section left in place of a cut one is named; it holds `true`.
    fileprivate static let cutName = "cachebook-cut"
    fileprivate static let markerStart: Unicode.Scalar = "\u{E002}", markerEnd: Unicode.Scalar = "\u{E003}"
}

/// A template, or an item's template within one, and the sections that may be cut out of it.
private final class Level {
    private let source: String
    private let tags: [TemplateTag]
    private let candidates: [Candidate]
    /// The frames of this template's shapes, made with the engine's rendering of it.
    private let frames: TemplateFrames
    /// What the template is once the sections in a set are cut, by set (a bit for each candidate).
    private var cuts: [Int: Cut] = [:]
    private var itemLevels: [Int: Level?] = [:]

    /// A section that no other section of the template holds.
    private struct Candidate {
        var name: String
        var openTag: Int, closeTag: Int
        /// The section's content as the engine reads it: without the lines of its tags when they
        /// stand alone.
        var content: Range<String.Index>
        /// Whether the closing tag stands alone, so that the content ends a line.
        var closeStandsAlone: Bool
        /// The text of the items' template (made into one when first needed).
        var itemSource: String
    }

    /// The template once some of the sections are cut.
    private struct Cut {
        /// The engine's rendering of the rest of the template, with a marker for each cut.
        var outer: MustacheTemplate?
        /// Each cut section, in order, and the marker text in the outer template's rendering.
        var sections: [(candidate: Int, marker: String)]
        /// The names the rest of the template looks up.
        var names: [String]
        /// For each `{{.}}` left, its sections, innermost last.
        var dots: [[String]]
    }

    init?(source: String, render: @escaping @Sendable ([String: Any]) -> String) {
        guard !source.unicodeScalars.contains(where: { $0 == ItemizedTemplate.markerStart || $0 == ItemizedTemplate.markerEnd }),
              let tags = TemplateTag.tags(in: source), !tags.contains(where: \.isUnsupported)
        else { return nil }
        (self.source, self.tags) = (source, tags)
        frames = TemplateFrames(source: source, render: render)
        let lines = Self.standaloneLines(of: tags, in: source)
        var candidates: [Candidate] = []
        var open: [Int] = []
        for (index, tag) in tags.enumerated() {
            switch tag.sigil {
            case "#", "^":
                open.append(index)
            case "/":
                guard let start = open.popLast(), tags[start].name == tag.name else { return nil }
                guard open.isEmpty, tags[start].sigil == "#", tag.name != ".", candidates.count < 60 else { continue }
                let (opening, closing) = (lines[start], lines[index])
                let content = (opening?.upperBound ?? tags[start].range.upperBound)..<(closing?.lowerBound ?? tag.range.lowerBound)
                // Guards where the content's first or last line goes on past a section's tag: the
                // closing tag's line may start after another section on the same line.
                let endsLine = closing != nil && (content.upperBound == source.startIndex || source[source.index(before: content.upperBound)].isNewline)
                let itemSource = (opening == nil ? ItemizedTemplate.guardTag : "") + source[content] + (endsLine ? "" : ItemizedTemplate.guardTag)
                candidates.append(Candidate(name: tag.name, openTag: start, closeTag: index, content: content,
                                            closeStandsAlone: closing != nil, itemSource: itemSource))
            default:
                break
            }
        }
        guard open.isEmpty else { return nil }
        self.candidates = candidates
    }

    /// For each tag, the line it stands alone on (the spaces and tabs before it, to after its
    /// line break), or `nil` if it does not, as the engine decides: a section's tag or a comment
    /// stands alone when only spaces and tabs came since the start of a line, or since the end of
    /// a section whose opening tag stood alone (a line start as far as the engine knows), and
    /// only spaces and tabs follow it before a line break, or nothing does.
    ///
    /// - Complexity: O(*n*) in the length of `source`.
    private static func standaloneLines(of tags: [TemplateTag], in source: String) -> [Range<String.Index>?] {
        var lines: [Range<String.Index>?] = []
        var atLineStart = true
        var openStoodAlone: [Bool] = []
        var position = source.startIndex
        for tag in tags {
            for character in source[position..<tag.range.lowerBound] {
                // The engine ends a line of text only at these two (a tag's line at any break).
                if character == "\n" || character == "\r\n" {
                    atLineStart = true
                } else if character != " " && character != "\t" {
                    atLineStart = false
                }
            }
            var line: Range<String.Index>?
            // A value's tag never stands alone: its line stays as it is.
            if atLineStart, ["#", "^", "/", "!"].contains(tag.sigil) {
                var end = tag.range.upperBound
                while end < source.endIndex, " \t".contains(source[end]) { end = source.index(after: end) }
                let lineEnd: String.Index? = tag.range.upperBound == source.endIndex ? source.endIndex
                    : end < source.endIndex && source[end].isNewline ? source.index(after: end) : nil
                if let lineEnd {
                    var start = tag.range.lowerBound
                    while start > position, " \t".contains(source[source.index(before: start)]) { start = source.index(before: start) }
                    line = start..<lineEnd
                }
            }
            lines.append(line)
            position = line?.upperBound ?? tag.range.upperBound
            switch tag.sigil {
            case "#", "^":
                openStoodAlone.append(line != nil)
                atLineStart = line != nil
            case "/":
                atLineStart = openStoodAlone.popLast() ?? false
            case "!":
                atLineStart = line != nil
            default:
                atLineStart = false
            }
        }
        return lines
    }

    /// The template of the items of candidate `number`, made once; `nil` if it cannot be one.
    private func itemLevel(of number: Int) -> Level? {
        if let known = itemLevels[number] { return known }
        let source = candidates[number].itemSource
        let level = Theme.template(from: source).flatMap { template in Level(source: source) { template.render($0) } }
        itemLevels[number] = level
        return level
    }

    /// The template rendered with the names looked up in `scopes`, the innermost last; `nil` if
    /// it cannot be rendered in parts as the engine would render it.
    func parts(scopes: [TemplateContext]) -> [String]? {
        var set = 0
        var lists: [[TemplateContext]] = []
        for (number, candidate) in candidates.enumerated() {
            guard case .maps(let items)? = Self.value(of: candidate.name, in: scopes), !items.isEmpty else { continue }
            set |= 1 << number
            lists.append(items)
        }
        let cut = self.cut(for: set)
        var context = TemplateContext()
        for name in cut.names {
            if let value = Self.value(of: name, in: scopes) { context[name] = value }
        }
        guard cut.dots.allSatisfy({ Self.printsText($0, context) }) else { return nil }
        guard !cut.sections.isEmpty else { return frames.parts(context) }
        context[ItemizedTemplate.cutName] = .flag(true)
        guard let rendered = cut.outer?.render(context.engineValue),
              rendered.unicodeScalars.count(where: { $0 == ItemizedTemplate.markerStart }) == cut.sections.count
        else { return nil }
        var parts: [String] = []
        var rest = Substring(rendered)
        for ((candidate, marker), items) in zip(cut.sections, lists) {
            guard let range = TemplateTag.range(of: Array(marker.utf8), in: rest), let level = itemLevel(of: candidate) else { return nil }
            parts.append(String(rest[..<range.lowerBound]))
            for item in items {
                guard let itemParts = level.parts(scopes: scopes + [item]) else { return nil }
                parts += itemParts
            }
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }

    /// The value the engine finds for `name`: in the innermost scope that has it.
    private static func value(of name: String, in scopes: [TemplateContext]) -> TemplateValue? {
        for scope in scopes.reversed() {
            if let value = scope[name] { return value }
        }
        return nil
    }

    /// Whether a `{{.}}` in `sections` (each a sigil and a name) prints a text: its section is
    /// shown for each text of a list of text, for a text, or not at all, and no section around it
    /// holds a map, which would change where the engine finds names.
    private static func printsText(_ sections: [String], _ context: TemplateContext) -> Bool {
        guard let innermost = sections.last, innermost.first == "#" else { return false }
        let values = sections.map { context[String($0.dropFirst())] }
        let shown = values.last!
        return values.allSatisfy { value in
            switch value {
            case nil, .text?, .flag?, .number?, .texts?: true
            // An empty list shows nothing, whatever its items would have been.
            case .maps(let maps)?: maps.isEmpty
            case .map?: false
            }
        } && {
            switch shown {
            case nil, .text?, .texts?: true
            case .maps(let maps)?: maps.isEmpty
            case .flag?, .number?, .map?: false
            }
        }()
    }

    /// The template with the candidates in `set` cut, made once.
    private func cut(for set: Int) -> Cut {
        if let known = cuts[set] { return known }
        var outer = ""
        var position = source.startIndex
        var sections: [(Int, String)] = []
        var inside: [Range<Int>] = []
        for (number, candidate) in candidates.enumerated() where set & 1 << number != 0 {
            // The section's tags stay, so that the lines around them read as before, in a
            // section shown once; its content is the marker, on a line of its own if the
            // content ended one.
            let marker = "\(ItemizedTemplate.markerStart)\(number)\(ItemizedTemplate.markerEnd)" + (candidate.closeStandsAlone ? "\n" : "")
            let (open, close) = (tags[candidate.openTag].range, tags[candidate.closeTag].range)
            outer += source[position..<open.lowerBound] + "{{#\(ItemizedTemplate.cutName)}}" + source[open.upperBound..<candidate.content.lowerBound]
            outer += marker + source[candidate.content.upperBound..<close.lowerBound] + "{{/\(ItemizedTemplate.cutName)}}"
            position = close.upperBound
            sections.append((number, marker))
            inside.append(candidate.openTag..<candidate.closeTag + 1)
        }
        outer += source[position...]
        var names: [String] = []
        var dots: [[String]] = []
        var open: [String] = []
        for (index, tag) in tags.enumerated() where tag.sigil != "!" && !inside.contains(where: { $0.contains(index) }) {
            if tag.name == "." {
                // A section over the item itself is not looked into: it never prints text only.
                dots.append(["#", "^"].contains(tag.sigil) ? [] : open)
            } else if tag.sigil != "/" {
                names.append(tag.name)
            }
            switch tag.sigil {
            case "#", "^": open.append(tag.sigil + tag.name)
            case "/": _ = open.popLast()
            default: break
            }
        }
        let made = Cut(outer: sections.isEmpty ? nil : Theme.template(from: outer), sections: sections, names: Array(Set(names)).sorted(), dots: dots)
        cuts[set] = made
        return made
    }
}
