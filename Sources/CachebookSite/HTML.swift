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
            // Most text has nothing to escape, and is returned as it is.
            var bytes: [UInt8] = []
            var pending = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
            forEachEscape(in: utf8, run: { pending = $0 }, escaped: { entity in
                if bytes.isEmpty { bytes.reserveCapacity(utf8.count + 32) }
                bytes += pending
                bytes += entity
            })
            guard !bytes.isEmpty else { return nil }
            bytes += pending
            return String(decoding: bytes, as: UTF8.self)
        } ?? text
    }

    /// Appends `text`, escaped as ``escape(_:)`` escapes it, to `bytes`.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    static func appendEscaped(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            forEachEscape(in: utf8, run: { bytes.append(contentsOf: $0) }, escaped: { bytes += $0 })
        }
    }

    /// Calls `run` with each stretch of `utf8` kept as it is and `escaped` with the UTF-8 that
    /// replaces each byte between them, in order, ending with a run. Every byte that needs a
    /// change is ASCII, so the UTF-8 between them goes in runs.
    @inline(__always)
    private static func forEachEscape(in utf8: UnsafeBufferPointer<UInt8>, run: (UnsafeBufferPointer<UInt8>) -> Void, escaped: ([UInt8]) -> Void) {
        ByteRuns.forEach(in: utf8, mayPick: { word in
            ByteRuns.has(word, byteBelow: 0x20) || ByteRuns.has(word, byte: UInt8(ascii: "&")) || ByteRuns.has(word, byte: UInt8(ascii: "<"))
                || ByteRuns.has(word, byte: UInt8(ascii: ">")) || ByteRuns.has(word, byte: UInt8(ascii: "\"")) || ByteRuns.has(word, byte: UInt8(ascii: "'"))
        }, picks: { byte in
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): true
            case UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"): false
            default: byte < 0x20
            }
        }, run: run, picked: { byte in
            switch byte {
            case UInt8(ascii: "&"): escaped(ampersand)
            case UInt8(ascii: "<"): escaped(lessThan)
            case UInt8(ascii: ">"): escaped(greaterThan)
            case UInt8(ascii: "\""): escaped(quote)
            case UInt8(ascii: "'"): escaped(apostrophe)
            default: escaped(replacementCharacter)
            }
        })
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
    private static let idPrefixMarkerByte = idPrefixMarker.utf8.first!, rootMarkerByte = rootMarker.utf8.first!
    private static let exerciseMarkerByte = exerciseMarker.utf8.first!

    /// The pieces of `html` between exercise markers; `html` itself when it has none.
    ///
    /// - Complexity: O(*n*) in the length of `html`.
    static func splitAtExerciseMarkers(_ html: String) -> [String] {
        let whole = html
        var html = html
        // Over the bytes: splitting the `UTF8View` walked it an index at a time, a twentieth of a build.
        // A local: a static read in the scan's closures is a `swift_once` per eight bytes.
        let marker = exerciseMarkerByte
        return html.withUTF8 { utf8 -> [String]? in
            var pieces: [String] = []
            var pending = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
            ByteRuns.forEach(in: utf8, mayPick: { ByteRuns.has($0, byte: marker) }, picks: { $0 == marker },
                             run: { pending = $0 }, picked: { _ in pieces.append(String(whole.substring(at: pending, of: utf8))) })
            guard !pieces.isEmpty else { return nil }
            pieces.append(String(whole.substring(at: pending, of: utf8)))
            return pieces
        } ?? [html]
    }

    /// `html` with the markers filled in.
    ///
    /// - Complexity: O(*n*) in the length of `html`.
    static func fillingMarkers(_ html: String, idPrefix: String, root: String) -> String {
        var filled = ""
        filled.reserveCapacity(html.utf8.count + 1024)
        var bytes = html
        // Locals: a static read in the scan's closures is a `swift_once` per eight bytes.
        let (idPrefixMarker, rootMarker) = (idPrefixMarkerByte, rootMarkerByte)
        bytes.withUTF8 { utf8 in
            ByteRuns.forEach(in: utf8, mayPick: { ByteRuns.has($0, byteBelow: max(idPrefixMarker, rootMarker) + 1) },
                             picks: { $0 == idPrefixMarker || $0 == rootMarker },
                             run: { filled += html.substring(at: $0, of: utf8) },
                             picked: { filled += $0 == idPrefixMarker ? idPrefix : root })
        }
        return filled
    }

    /// Raw HTML an author wrote, with any marker characters (which HTML forbids anyway) made U+FFFD.
    static func withoutMarkers(_ raw: String) -> String {
        guard raw.utf8.contains(where: { (1...3).contains($0) }) else { return raw }
        return String(decoding: raw.utf8.flatMap { (1...3).contains($0) ? replacementCharacter : [$0] }, as: UTF8.self)
    }

    /// An `id` attribute value made from heading text: lowercase letters, digits and hyphens.
    public static func anchor(_ text: String) -> String {
        // Most headings are ASCII: their bytes are read without a `Character` or a Unicode
        // property lookup for each, which was half a percent of a site build.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var slug: [UInt8] = []
            slug.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                if byte.isASCIILetterOrDigit {
                    slug.append(byte.lowercasedASCII)
                } else if let last = slug.last, last != UInt8(ascii: "-") {
                    slug.append(UInt8(ascii: "-"))
                }
            }
            while slug.last == UInt8(ascii: "-") { slug.removeLast() }
            return slug.isEmpty ? "section" : String(decoding: slug, as: UTF8.self)
        }
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
