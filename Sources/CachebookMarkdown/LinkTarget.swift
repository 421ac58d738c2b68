/// Which link targets Cachebook lets through: the site drops the others, and lint reports them
/// where an author wrote them outside Markdown (course.yml's resources and videos).
public enum LinkTarget {
    /// Whether a link or image target may appear in a page: relative URLs, fragments, and the
    /// `http`, `https` and `mailto` schemes. `javascript:`, `data:`, `vbscript:` and every other
    /// scheme are refused, however they are spelled (`JavaScript:`, `java&#x09;script:` after
    /// cmark's decoding, leading spaces).
    public static func isSafe(_ url: String) -> Bool {
        let cleaned = url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }.map(Character.init)
        let text = String(cleaned).lowercased()
        guard let colon = text.firstIndex(of: ":") else { return true }
        // A colon after a slash, `?` or `#` belongs to a path, not a scheme.
        if let delimiter = text.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }), delimiter < colon { return true }
        let scheme = text[..<colon]
        return ["http", "https", "mailto"].contains(scheme)
    }
}
