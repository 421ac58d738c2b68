import Foundation

/// The site's search index: every section of every page (a page's top, then each heading),
/// and for every word the sections that contain it. It ships as a script that the search box
/// loads on first use, so it works from `file://` and costs nothing until needed.
struct SearchIndex {
    private(set) var pages: [(url: String, title: String)] = []
    private(set) var sections: [(page: Int, anchor: String, heading: String)] = []
    private var postings: [String: [Int]] = [:]

    static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "has", "have", "if", "in",
        "into", "is", "it", "its", "no", "not", "of", "on", "one", "or", "our", "so", "than", "that", "the", "their", "them",
        "then", "there", "these", "they", "this", "those", "to", "up", "was", "we", "were", "what", "when", "which", "will",
        "with", "you", "your",
    ]

    /// Adds a page: its sections, each with the text under it.
    mutating func add(url: String, title: String, sections pageSections: [(anchor: String, heading: String, text: String)]) {
        let page = pages.count
        pages.append((url, title))
        for section in pageSections {
            let id = sections.count
            sections.append((page, section.anchor, section.heading))
            var seen: Set<String> = []
            for word in Self.words(title + " " + section.heading + " " + section.text) where seen.insert(word).inserted {
                postings[word, default: []].append(id)
            }
        }
    }

    /// Words as the search box splits them: lowercase letters and digits, two or more, no stop words.
    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
            .filter { $0.count >= 2 && !stopWords.contains($0) }
    }

    /// The index as a script defining `window.CACHEBOOK_SEARCH`. Section numbers are base 36.
    ///
    /// - Complexity: O(*w* log *w*) in the number of distinct words.
    func script() -> String {
        var js = "window.CACHEBOOK_SEARCH={pages:["
        js += pages.map { "[\(jsString($0.url)),\(jsString($0.title))]" }.joined(separator: ",")
        js += "],sections:["
        js += sections.map { "[\($0.page),\(jsString($0.anchor)),\(jsString($0.heading))]" }.joined(separator: ",")
        js += "],words:{"
        js += postings.keys.sorted().map { word in
            "\(jsString(word)):\"" + postings[word]!.map { String($0, radix: 36) }.joined(separator: " ") + "\""
        }.joined(separator: ",")
        return js + "}};\n"
    }
}

/// A JavaScript string literal that is also safe inside HTML.
func jsString(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "<": result += "\\u003c"
        case ">": result += "\\u003e"
        case "&": result += "\\u0026"
        case "\u{2028}": result += "\\u2028"
        case "\u{2029}": result += "\\u2029"
        default:
            if scalar.value < 0x20 {
                result += String(format: "\\u%04x", scalar.value)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
    }
    return result + "\""
}
