/// Which link targets Cachebook lets through: the site drops the others, and lint reports them
/// where an author wrote them outside Markdown (course.yml's resources and videos).
public enum LinkTarget {
    /// Whether a link or image target may appear in a page: relative URLs, fragments, and the
    /// `http`, `https` and `mailto` schemes. `javascript:`, `data:`, `vbscript:` and every other
    /// scheme are refused, however they are spelled (`JavaScript:`, `java&#x09;script:` after
    /// cmark's decoding, leading spaces).
    ///
    /// Browsers drop spaces and control characters inside a scheme, so they are skipped here too.
    /// Only ASCII can spell an allowed scheme, so letters are compared as ASCII bytes; any other
    /// byte before the colon makes the scheme unknown, hence refused. Every link of every page is
    /// checked, so this reads the UTF-8 once and allocates nothing.
    ///
    /// - Complexity: O(*n*) in the length of `url`, up to its first `:`, `/`, `?` or `#`.
    public static func isSafe(_ url: String) -> Bool {
        // The scheme so far, lowercased, one byte per 8 bits; no allowed scheme is longer than 6.
        var scheme: UInt64 = 0
        var length = 0
        for byte in url.utf8 {
            switch byte {
            case 0...0x20, 0x7F:
                continue
            case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"):
                // A colon after a slash, `?` or `#` belongs to a path, not a scheme.
                return true
            case UInt8(ascii: ":"):
                return length <= 6 && allowedSchemes.contains(scheme)
            default:
                let lowered = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
                if length < 7 { scheme = scheme << 8 | UInt64(lowered) }
                length += 1
            }
        }
        return true
    }

    private static let allowedSchemes: [UInt64] = ["http", "https", "mailto"].map { $0.utf8.reduce(0) { $0 << 8 | UInt64($1) } }
}
