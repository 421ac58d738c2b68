import Foundation

/// A template rendered once, with stand-ins for the values that change from one rendering to
/// the next, and cut at them: a rendering is then its pieces joined with its own values.
///
/// The template engine looks each value up and converts it at every tag, and copies the text
/// it is given, once per enclosing template; joining pieces does neither. The layout, which
/// every page goes through, is framed at the page's own values; the print view of the whole
/// course at each lesson's body.
///
/// A frame is made only for a template in which every stand-in value is used in a plain
/// `{{value}}`, `{{{value}}}` or `{{&value}}` tag, which renders the same whatever the text:
/// not a section, not inside a transform or a dotted name. The lists that hold stand-ins may
/// only be iterated, as sections. No partials, inheritance, pragmas, changed delimiters or
/// `{{.}}` may appear anywhere. Any other template is rendered by the engine every time.
struct TemplateFrame {
    /// The text between the slots: one more piece than slots.
    private let pieces: [String]
    private let slots: [Slot]

    private struct Slot {
        /// Which value, by the number its stand-in was made with.
        var value: Int
        var isEscaped: Bool
    }

    /// The stand-in to put in the context for value `index`.
    ///
    /// `&` shows whether a tag escaped its value: escaping makes it `&amp;`.
    static func standIn(_ index: Int) -> String { "\(open)\(index)&\(close)" }

    /// The frame of the template whose source is `source`, or `nil` if the template does not
    /// allow one. `context` holds stand-ins from ``standIn(_:)`` for values `0..<valueCount`,
    /// under the keys `valueNames`, in the lists named `listNames` or at the top.
    ///
    /// - Complexity: O(*n*) in the length of the template and the context, plus one rendering.
    init?(source: String, valueNames: Set<String>, listNames: Set<String> = [], context: [String: Any], valueCount: Int,
          render: ([String: Any]) -> String) {
        guard !Self.holdsMarkers(source), Self.holdsMarkersOnlyInStandIns(context, under: valueNames),
              Self.usesOnlyPlainTags(of: valueNames, lists: listNames, textLists: Self.keysOfText(in: context).subtracting(valueNames),
                                     in: source)
        else { return nil }
        var pieces: [String] = []
        var slots: [Slot] = []
        // Scalars, not characters: a character before a stand-in can join it into one.
        var rest = Substring(render(context)).unicodeScalars
        while let start = rest.firstIndex(of: Self.open) {
            guard let end = rest[start...].firstIndex(of: Self.close) else { return nil }
            let marker = String(Substring(rest[rest.index(after: start)..<end]))
            let isEscaped = marker.hasSuffix("&amp;")
            guard let value = Int(marker.dropLast(isEscaped ? 5 : 1)), (0..<valueCount).contains(value),
                  isEscaped || marker.hasSuffix("&")
            else { return nil }
            pieces.append(String(Substring(rest[..<start])))
            slots.append(Slot(value: value, isEscaped: isEscaped))
            rest = rest[rest.index(after: end)...]
        }
        pieces.append(String(Substring(rest)))
        guard !pieces.contains(where: Self.holdsMarkers) else { return nil }
        (self.pieces, self.slots) = (pieces, slots)
    }

    /// The template with `values`, one for each stand-in number, in order; escaped values go
    /// through `escape`, as the template's own escaping would.
    ///
    /// - Complexity: O(*n*) in the length of the result.
    func render(_ values: [String], escape: (String) -> String) -> String {
        parts(values.map { [$0] }, escape: escape).joined()
    }

    /// The template with `values` as the texts to join, in order, none of them copied: each
    /// value is given as parts of its own (a rendering of another frame, say).
    ///
    /// - Complexity: O(*s* + *p*) in the number of slots and parts; O(*n*) in the length of the
    ///   values that are escaped.
    func parts(_ values: [[String]], escape: (String) -> String) -> [String] {
        var parts: [String] = []
        parts.reserveCapacity(pieces.count + slots.reduce(0) { $0 + values[$1.value].count })
        for (piece, slot) in zip(pieces, slots) {
            parts.append(piece)
            if slot.isEscaped { parts.append(escape(values[slot.value].joined())) } else { parts += values[slot.value] }
        }
        parts.append(pieces[pieces.count - 1])
        return parts
    }

    /// Private-use characters around each stand-in; a template, or a value in the context, that
    /// has them itself gets no frame.
    private static let open: Unicode.Scalar = "\u{E000}", close: Unicode.Scalar = "\u{E001}"

    private static func holdsMarkers(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == open || $0 == close }
    }

    /// Whether the only texts in `value` (a context, a list, a string) with the markers in them
    /// are whole stand-ins, under one of the keys `valueNames`.
    private static func holdsMarkersOnlyInStandIns(_ value: Any, under valueNames: Set<String>, isValue: Bool = false) -> Bool {
        switch value {
        case let text as String: !holdsMarkers(text) || isValue && isStandIn(text)
        case let map as [String: Any]: map.allSatisfy { holdsMarkersOnlyInStandIns($0.value, under: valueNames, isValue: valueNames.contains($0.key)) }
        case let list as [Any]: list.allSatisfy { holdsMarkersOnlyInStandIns($0, under: valueNames) }
        default: true
        }
    }

    private static func isStandIn(_ text: String) -> Bool {
        var scalars = text.unicodeScalars[...]
        guard scalars.popFirst() == open, scalars.popLast() == close, scalars.popLast() == "&", !scalars.isEmpty else { return false }
        return scalars.allSatisfy { ("0"..."9").contains($0) }
    }

    /// The keys whose every value, anywhere in `context`, is text or a list of text, and no
    /// stand-in.
    private static func keysOfText(in context: [String: Any]) -> Set<String> {
        var text: Set<String> = [], other: Set<String> = []
        func visit(_ value: Any) {
            switch value {
            case let map as [String: Any]:
                for (key, value) in map {
                    let texts = (value as? [String]) ?? (value as? String).map { [$0] }
                    if let texts, !texts.contains(where: holdsMarkers) { text.insert(key) } else { other.insert(key) }
                    visit(value)
                }
            case let list as [Any]:
                list.forEach(visit)
            default:
                break
            }
        }
        visit(context)
        return text.subtracting(other)
    }

    /// Whether every tag of `source` that mentions one of `values` is a plain one of it, every
    /// tag that mentions one of `lists` is a section of it, and no tag changes how the template
    /// is read (delimiters, pragmas) or brings in other text. `{{.}}` may only stand directly in
    /// a section of one of `textLists`, where it is a piece of text.
    private static func usesOnlyPlainTags(of values: Set<String>, lists: Set<String>, textLists: Set<String>, in source: String) -> Bool {
        // The names of the sections open at a tag, innermost last; `nil` for an inverted one,
        // which does not change what `{{.}}` is.
        var sections: [String?] = []
        var rest = Substring(source)
        while let start = rest.range(of: "{{") {
            let isTriple = rest[start.upperBound...].hasPrefix("{")
            guard let end = rest[start.upperBound...].range(of: isTriple ? "}}}" : "}}") else { return false }
            var tag = rest[start.upperBound..<end.lowerBound].dropFirst(isTriple ? 1 : 0).trimmingCharacters(in: .whitespaces)[...]
            rest = rest[end.upperBound...]
            let sigil = tag.first.map(String.init) ?? ""
            if sigil == "!" { continue }
            if [">", "<", "$", "=", "%"].contains(sigil) { return false }
            let isSection = ["#", "^", "/"].contains(sigil)
            if isSection || sigil == "&" { tag = tag.dropFirst() }
            let name = tag.trimmingCharacters(in: .whitespaces)
            switch sigil {
            case "#": sections.append(name)
            case "^": sections.append(nil)
            case "/": _ = sections.popLast()
            default: break
            }
            // Elsewhere `{{.}}` prints a context, a list or a map, stand-ins and all.
            if name == "." {
                guard !isSection, let context = sections.compactMap({ $0 }).last, textLists.contains(context) else { return false }
                continue
            }
            let isPlainValue = values.contains(name) && !isSection
            let isListSection = lists.contains(name) && isSection
            if !isPlainValue && !isListSection && values.union(lists).contains(where: { name.contains($0) }) { return false }
        }
        return true
    }
}
