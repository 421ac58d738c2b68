/// Escaping for text we put into HTML, and the rule for which link targets are safe.
public enum HTML {
    /// Escapes `&`, `<`, `>`, `"` and `'` so that text is shown, never interpreted, in element
    /// content and in quoted attributes alike. NUL and other characters HTML forbids become
    /// U+FFFD.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    public static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { utf8 -> String? in
            // Every byte that needs a change is ASCII, so the UTF-8 between them is copied in runs;
            // most text has none, and is returned as it is.
            var bytes: [UInt8] = []
            var runStart = 0
            for (offset, byte) in utf8.enumerated() {
                let replacement: [UInt8]
                switch byte {
                case UInt8(ascii: "&"): replacement = ampersand
                case UInt8(ascii: "<"): replacement = lessThan
                case UInt8(ascii: ">"): replacement = greaterThan
                case UInt8(ascii: "\""): replacement = quote
                case UInt8(ascii: "'"): replacement = apostrophe
                case UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"): continue
                case 0..<0x20: replacement = replacementCharacter
                default: continue
                }
                if bytes.isEmpty { bytes.reserveCapacity(utf8.count + 32) }
                bytes += utf8[runStart..<offset]
                bytes += replacement
                runStart = offset + 1
            }
            guard runStart > 0 else { return nil }
            bytes += utf8[runStart...]
            return String(decoding: bytes, as: UTF8.self)
        } ?? text
    }

    private static let ampersand = Array("&amp;".utf8), lessThan = Array("&lt;".utf8), greaterThan = Array("&gt;".utf8)
    private static let quote = Array("&quot;".utf8), apostrophe = Array("&#39;".utf8)
    private static let replacementCharacter = Array("\u{FFFD}".utf8)

    // MARK: Markers

    /// Stands for the id prefix in HTML rendered once for several pages (a lesson's page has none,
    /// the print view prefixes the lesson's id). Escaped text never holds it: `escape` turns every
    /// control character into U+FFFD, and raw HTML goes through `withoutMarkers`.
    static let idPrefixMarker = "\u{1}"
    /// Stands for the way from a page to the top of the site, in the same HTML.
    static let rootMarker = "\u{2}"
    /// Stands for an exercise, rendered for each page: its explanation is sealed with its answer,
    /// and a marker inside sealed text could not be filled in.
    static let exerciseMarker = "\u{3}"
    private static let exerciseMarkerByte = exerciseMarker.utf8.first!

    /// The pieces of `html` between exercise markers; `html` itself when it has none.
    ///
    /// - Complexity: O(*n*) in the length of `html`.
    static func splitAtExerciseMarkers(_ html: String) -> [String] {
        var html = html
        // Over the bytes: splitting the `UTF8View` walked it an index at a time, a twentieth of a build.
        return html.withUTF8 { utf8 -> [String]? in
            var pieces: [String] = []
            var start = 0
            for (offset, byte) in utf8.enumerated() where byte == exerciseMarkerByte {
                pieces.append(String(decoding: UnsafeBufferPointer(rebasing: utf8[start..<offset]), as: UTF8.self))
                start = offset + 1
            }
            guard start > 0 else { return nil }
            pieces.append(String(decoding: UnsafeBufferPointer(rebasing: utf8[start...]), as: UTF8.self))
            return pieces
        } ?? [html]
    }

    /// `html` with the markers filled in.
    ///
    /// - Complexity: O(*n*) in the length of `html`.
    static func fillingMarkers(_ html: String, idPrefix: String, root: String) -> String {
        var html = html
        return html.withUTF8 { utf8 in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(utf8.count + 1024)
            var runStart = 0
            for (offset, byte) in utf8.enumerated() where byte == 1 || byte == 2 {
                bytes += utf8[runStart..<offset]
                bytes += (byte == 1 ? idPrefix : root).utf8
                runStart = offset + 1
            }
            bytes += utf8[runStart...]
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Raw HTML an author wrote, with any marker characters (which HTML forbids anyway) made U+FFFD.
    static func withoutMarkers(_ raw: String) -> String {
        guard raw.utf8.contains(where: { (1...3).contains($0) }) else { return raw }
        return String(decoding: raw.utf8.flatMap { (1...3).contains($0) ? replacementCharacter : [$0] }, as: UTF8.self)
    }

    /// An `id` attribute value made from heading text: lowercase letters, digits and hyphens.
    public static func anchor(_ text: String) -> String {
        var slug = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                slug.append(character)
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "section" : slug
    }
}
