import Foundation

/// A template rendered once, with stand-ins for the values that change from one rendering to
/// the next, and cut at them: a rendering is then its pieces joined with its own values.
///
/// The template engine looks each value up and converts it at every tag, and copies the text
/// it is given, once per enclosing template; joining pieces does neither. The layout, which
/// every page goes through, is framed at the page's own values; a lesson's page, and each item
/// of a list rendered item by item (``ItemizedTemplate``), at all its values, once for each
/// shape (``TemplateFrames``).
///
/// A frame is made only when the template's text cannot depend on what a stand-in holds:
/// - a stand-in is used only in a plain `{{value}}`, `{{{value}}}` or `{{&value}}` tag, which
///   renders the same whatever the text: never as a section;
/// - `{{.}}` appears only inside a section over text or a list of text (inverted sections in
///   between leave it as it was, or make it an empty list);
/// - no tag prints a list or a map (which would show its stand-ins in Swift's own form);
/// - no transforms, dotted names, partials, inheritance, pragmas or changed delimiters.
/// Any other template is rendered by the engine every time.
struct TemplateFrame {
    /// The text between the slots: one more piece than slots.
    private let pieces: [String]
    private let slots: [Slot]

    private struct Slot {
        /// Which value, by the number its stand-in was made with.
        var value: Int
        var isEscaped: Bool
    }

    /// What the context holds in place of value `index`: a type of its own, so that no text of
    /// the context can pass for one.
    struct StandIn: Sendable {
        let index: Int

        init(_ index: Int) { self.index = index }

        /// As the engine is given it: `&` shows whether a tag escaped it, as `&amp;`.
        var text: String { "\(open)\(index)&\(close)" }
    }

    /// The frame of the template whose source is `source`, or `nil` if the template does not
    /// allow one. `context` holds a ``StandIn`` for each of values `0..<valueCount` wherever
    /// it holds text that changes between renderings.
    ///
    /// - Complexity: O(*n*) in the length of the template and the context, plus one rendering.
    init?(source: String, context: [String: Any], valueCount: Int, render: ([String: Any]) -> String) {
        guard !Self.holdsMarkers(source), let kinds = Self.kinds(in: context), Self.allowsFrame(source, kinds: kinds) else { return nil }
        var pieces: [String] = []
        var slots: [Slot] = []
        // Scalars, not characters: a character before a stand-in can join it into one.
        var rest = Substring(render(Self.withStandInTexts(context) as! [String: Any])).unicodeScalars
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

    /// Private-use characters around each stand-in; a template, or a text in the context, that
    /// has them itself gets no frame.
    private static let open: Unicode.Scalar = "\u{E000}", close: Unicode.Scalar = "\u{E001}"

    private static func holdsMarkers(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == open || $0 == close }
    }

    /// `value` with each stand-in as its text.
    private static func withStandInTexts(_ value: Any) -> Any {
        switch value {
        case let standIn as StandIn: standIn.text
        case let map as [String: Any]: map.mapValues(withStandInTexts)
        case let texts as [String]: texts
        case let list as [Any]: list.map(withStandInTexts)
        default: value
        }
    }

    /// What a key of the context holds, somewhere in it.
    private struct Kinds: OptionSet {
        let rawValue: Int
        static let standIn = Kinds(rawValue: 1 << 0)
        /// A list or a map: printed, it would show its stand-ins in Swift's own form.
        static let listOrMap = Kinds(rawValue: 1 << 1)
        /// Neither text nor a list of text: a section over it does not make `{{.}}` text.
        static let notText = Kinds(rawValue: 1 << 2)
        /// A value the engine may treat in ways not looked into here.
        static let other = Kinds(rawValue: 1 << 3)
    }

    /// What each key holds, anywhere in `context`: a name in a tag can reach any of them, as
    /// the engine looks names up from the innermost section out. `nil` if a text has the
    /// markers.
    private static func kinds(in context: [String: Any]) -> [String: Kinds]? {
        var kinds: [String: Kinds] = [:]
        func visit(_ value: Any) -> Kinds? {
            switch value {
            case let text as String:
                return holdsMarkers(text) ? nil : []
            case is StandIn:
                return .standIn
            case is Bool, is Int, is Double:
                return .notText
            case let texts as [String]:
                return texts.contains(where: holdsMarkers) ? nil : .listOrMap
            case let list as [Any]:
                var isText = true
                for item in list {
                    guard let kind = visit(item) else { return nil }
                    isText = isText && kind.isDisjoint(with: [.listOrMap, .notText, .other])
                }
                return isText ? .listOrMap : [.listOrMap, .notText]
            case let map as [String: Any]:
                for (key, value) in map {
                    guard let kind = visit(value) else { return nil }
                    kinds[key, default: []].formUnion(kind)
                }
                return [.listOrMap, .notText]
            default:
                return .other
            }
        }
        return visit(context) == nil ? nil : kinds
    }

    /// Whether `source`'s text cannot depend on what the stand-ins hold, given what each name
    /// can reach (see the type's documentation).
    private static func allowsFrame(_ source: String, kinds: [String: Kinds]) -> Bool {
        // The names of the sections open at a tag, innermost last; `nil` for an inverted one,
        // which shows its content only for an empty list or nothing, and so leaves `{{.}}` as
        // it was or makes it print an empty list.
        var sections: [String?] = []
        guard let tags = TemplateTag.tags(in: source) else { return false }
        for tag in tags {
            let (sigil, name) = (tag.sigil, tag.name)
            if sigil == "!" { continue }
            if tag.isUnsupported { return false }
            let reaches = kinds[name] ?? []
            if name == "." {
                // A name no context holds has no section shown, so `{{.}}` in it prints nothing.
                guard sigil != "#" && sigil != "^", let section = sections.compactMap({ $0 }).last,
                      (kinds[section] ?? []).isDisjoint(with: [.notText, .other])
                else { return false }
                continue
            }
            if reaches.contains(.other) { return false }
            switch sigil {
            case "#", "^":
                guard !reaches.contains(.standIn) else { return false }
                sections.append(sigil == "#" ? name : nil)
            case "/":
                _ = sections.popLast()
            default:
                guard !reaches.contains(.listOrMap) else { return false }
            }
        }
        return true
    }
}
