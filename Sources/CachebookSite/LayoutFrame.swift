import Foundation

/// The layout template rendered once, with stand-ins for the values that change from page to
/// page, and cut at them: a page is then its pieces joined with its own values.
///
/// Every page of a site goes through the layout, and the template engine looks each value up
/// and converts it at every tag, and copies the page's content twice; joining pieces does
/// neither. A frame is made only for a layout in which every value that changes between pages
/// is a plain `{{value}}`, `{{{value}}}` or `{{&value}}` tag, which renders the same whatever
/// the text: not a section, not inside a transform or a dotted name, and no partials,
/// inheritance, pragmas, changed delimiters or `{{.}}` anywhere. Any other layout is rendered by
/// the engine, page by page.
struct LayoutFrame {
    /// The text between the slots: one more piece than slots.
    private let pieces: [String]
    private let slots: [Slot]
    /// The bytes of all the pieces, for reserving a page's size.
    private let piecesBytes: Int

    private struct Slot {
        /// Which value, in the order of the `names` the frame was made for.
        var value: Int
        var isEscaped: Bool
    }

    /// The frame of `layout`, whose source is `source`, for values `names` (each page's own) and
    /// `constants` (the same on every page); `nil` if the layout does not allow one.
    ///
    /// - Complexity: O(*n*) in the length of the layout, plus one rendering of it.
    init?(source: String, names: [String], constants: [String: Any], render: ([String: Any]) -> String) {
        guard !Self.holdsMarkers(source), !constants.values.contains(where: { ($0 as? String).map(Self.holdsMarkers) ?? false }),
              Self.usesOnlyPlainTags(of: names, in: source)
        else { return nil }
        var context = constants
        // `&` shows whether a tag escaped its value: escaping makes it `&amp;`.
        for (index, name) in names.enumerated() { context[name] = "\(Self.open)\(index)&\(Self.close)" }
        var pieces: [String] = []
        var slots: [Slot] = []
        // Scalars, not characters: a character before a stand-in can join it into one.
        var rest = Substring(render(context)).unicodeScalars
        while let start = rest.firstIndex(of: Self.open) {
            guard let end = rest[start...].firstIndex(of: Self.close) else { return nil }
            let marker = String(String.UnicodeScalarView(rest[rest.index(after: start)..<end]))
            let isEscaped = marker.hasSuffix("&amp;")
            guard let value = Int(marker.dropLast(isEscaped ? 5 : 1)), names.indices.contains(value),
                  isEscaped || marker.hasSuffix("&")
            else { return nil }
            pieces.append(String(String.UnicodeScalarView(rest[..<start])))
            slots.append(Slot(value: value, isEscaped: isEscaped))
            rest = rest[rest.index(after: end)...]
        }
        pieces.append(String(String.UnicodeScalarView(rest)))
        guard !pieces.contains(where: Self.holdsMarkers) else { return nil }
        (self.pieces, self.slots, piecesBytes) = (pieces, slots, pieces.reduce(0) { $0 + $1.utf8.count })
    }

    /// The page with `values`, one for each of the `names` the frame was made for, in order;
    /// escaped values go through `escape`, as the layout's own escaping would.
    ///
    /// - Complexity: O(*n*) in the length of the page.
    func render(_ values: [String], escape: (String) -> String) -> String {
        let filled = slots.map { $0.isEscaped ? escape(values[$0.value]) : values[$0.value] }
        var page = ""
        page.reserveCapacity(piecesBytes + filled.reduce(0) { $0 + $1.utf8.count })
        for (piece, value) in zip(pieces, filled) {
            page += piece
            page += value
        }
        return page + pieces[pieces.count - 1]
    }

    /// Private-use characters around each stand-in; a layout, or a value every page shares, that
    /// has them itself gets no frame.
    private static let open: Unicode.Scalar = "\u{E000}", close: Unicode.Scalar = "\u{E001}"

    private static func holdsMarkers(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == open || $0 == close }
    }

    /// Whether every tag of `source` that mentions one of `names` is a plain one of it, and no
    /// tag changes how the template is read (delimiters, pragmas) or brings in other text.
    private static func usesOnlyPlainTags(of names: [String], in source: String) -> Bool {
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
            // `{{.}}` prints the whole context, stand-ins and all.
            if name == "." { return false }
            let isPlainValue = names.contains(name) && !isSection
            if !isPlainValue && names.contains(where: { name.contains($0) }) { return false }
        }
        return true
    }
}
