/// Escaping for text we put into HTML, and the rule for which link targets are safe.
public enum HTML {
    /// Escapes `&`, `<`, `>`, `"` and `'` so that text is shown, never interpreted, in element
    /// content and in quoted attributes alike. NUL and other characters HTML forbids become
    /// U+FFFD.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 || $0 < 0x20 }) else {
            return text
        }
        // Every byte that needs a change is ASCII, so UTF-8 is copied through byte by byte.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 32)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): bytes += "&amp;".utf8
            case UInt8(ascii: "<"): bytes += "&lt;".utf8
            case UInt8(ascii: ">"): bytes += "&gt;".utf8
            case UInt8(ascii: "\""): bytes += "&quot;".utf8
            case UInt8(ascii: "'"): bytes += "&#39;".utf8
            case UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"): bytes.append(byte)
            case 0..<0x20: bytes += replacementCharacter
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let replacementCharacter = Array("\u{FFFD}".utf8)

    // MARK: Markers

    /// Stands for the id prefix in HTML rendered once for several pages (a lesson's page has none,
    /// the print view prefixes the lesson's id). Escaped text never holds it: `escape` turns every
    /// control character into U+FFFD, and raw HTML goes through `withoutMarkers`.
    static let idPrefixMarker = "\u{1}"
    /// Stands for the way from a page to the top of the site, in the same HTML.
    static let rootMarker = "\u{2}"

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
        guard raw.utf8.contains(where: { $0 == 1 || $0 == 2 }) else { return raw }
        return String(decoding: raw.utf8.flatMap { $0 == 1 || $0 == 2 ? replacementCharacter : [$0] }, as: UTF8.self)
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
