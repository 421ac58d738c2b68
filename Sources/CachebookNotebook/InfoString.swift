/// A fenced block's info string split into its language and `key=value` attributes:
/// `cachelab id=stampede title="A stampede on one hot key"`.
public struct InfoString: Hashable, Sendable {
    public var language: String
    public var attributes: [String: String]
    /// Words that are neither the language nor `key=value`, kept so they can be reported.
    public var strayWords: [String]

    /// Parses `info`. Values may be double-quoted to hold spaces; `\"` is a quote inside them.
    ///
    /// - Complexity: O(*n*) in the length of `info`.
    public init(_ info: String) {
        var words: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        var hasWord = false
        for character in info {
            if escaped {
                current.append(character)
                escaped = false
            } else if inQuotes && character == "\\" {
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
                hasWord = true
            } else if !inQuotes && (character == " " || character == "\t") {
                if hasWord { words.append(current) }
                current = ""
                hasWord = false
            } else {
                current.append(character)
                hasWord = true
            }
        }
        if hasWord { words.append(current) }
        language = words.first ?? ""
        attributes = [:]
        strayWords = []
        for word in words.dropFirst() {
            if let equals = word.firstIndex(of: "="), equals != word.startIndex {
                attributes[String(word[..<equals])] = String(word[word.index(after: equals)...])
            } else {
                strayWords.append(word)
            }
        }
    }
}
