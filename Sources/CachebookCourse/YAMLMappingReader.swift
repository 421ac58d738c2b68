import Yams

/// Parses YAML into a mapping, turning syntax errors into diagnostics at the right file line.
package struct YAMLSource {
    package var path: String
    /// The file line of the YAML text's first line.
    package var firstLine: Int

    package init(path: String, firstLine: Int) {
        self.path = path
        self.firstLine = firstLine
    }

    /// Yams's default constructor, made once: `Constructor.default` builds its tables of
    /// closures anew on every call. In Yams 6.2.2 a constructor holds only those tables, as
    /// constants, and composing with the `.basic` resolver never calls it, so one serves every
    /// thread; look again before moving to a Yams that changes `Constructor`.
    nonisolated(unsafe) private static let constructor = Constructor.default

    /// The top-level mapping of `yaml`, or a diagnostic saying why there is none.
    package func parseMapping(_ yaml: String, what: String) -> Result<Node.Mapping, Diagnostic> {
        let node: Node?
        do {
            // An explicit encoding: `Parser.Encoding.default` reads the environment on every call.
            node = try Yams.compose(yaml: yaml, .basic, Self.constructor, .utf8)
        } catch let error as YamlError {
            return .failure(diagnostic(for: error, what: what))
        } catch {
            return .failure(.error("\(what) is not valid YAML: \(error)", at: location(line: 1, column: 1),
                                   hint: "check the indentation and quoting of the YAML"))
        }
        guard let node else {
            return .failure(.error("\(what) is empty", at: location(line: 1, column: 1),
                                   hint: "add the required fields as `key: value` lines"))
        }
        guard let mapping = node.mapping else {
            return .failure(.error("\(what) must be a set of `key: value` fields", at: location(of: node),
                                   hint: "write one `key: value` field per line"))
        }
        return .success(mapping)
    }

    /// The type tag of `node`, such as `tag:yaml.org,2002:int`. Every value is parsed with no
    /// typing rules and an untagged plain scalar is typed here, only when a reader asks: each
    /// rule is a regular expression, and running them on every key and value while parsing
    /// was a twentieth of a site build. Reading `node.tag` instead would type the scalar with
    /// the parser's empty rule set, as text, and remember that. Yams does this itself to every
    /// key, when it checks for duplicates, so a value that is also used as a key through a YAML
    /// alias (`order: &o 3` and later `*o : x`) reads as text.
    ///
    /// - Complexity: O(*n*) in the length of the scalar.
    package static func typeTag(of node: Node) -> Tag.Name {
        guard case .scalar(let scalar) = node, scalar.tag.rawValue.isEmpty else { return Tag.Name(rawValue: node.tag.rawValue) }
        if isPlainDecimal(scalar.string) { return .int }
        // Only booleans and nulls start with a letter: a word such as `core` is typed by lookup.
        if let first = scalar.string.utf8.first, (first | 0x20) &- UInt8(ascii: "a") < 26 {
            return booleanWords.contains(scalar.string) ? .bool : nullWords.contains(scalar.string) ? .null : .str
        }
        return mayBeTyped(scalar.string) ? typing.resolveTag(of: node) : .str
    }

    /// What ``typing``'s boolean and null rules match that starts with a letter.
    private static let booleanWords: Set<String> = ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
                                                   "on", "On", "ON", "off", "Off", "OFF"]
    private static let nullWords: Set<String> = ["null", "Null", "NULL"]

    /// Whether `text` is `[-+]?(0|[1-9][0-9]*)`, which ``typing``'s integer rule matches and its
    /// boolean rule, tried first, does not: an `order`, read without the rules' regular
    /// expressions.
    fileprivate static func isPlainDecimal(_ text: String) -> Bool {
        var digits = Substring(text).utf8
        if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard let first = digits.first, digits.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else { return false }
        return first != UInt8(ascii: "0") || digits.count == 1
    }

    /// Whether a rule of ``typing`` could match `text`: its booleans and nulls are at most five
    /// characters long, its numbers start with a digit, a sign or a dot, and every character of
    /// what they match is in ``typedCharacters``. Titles, sentences and durations (`30m`), most
    /// of a front matter, are text without running the rules.
    private static func mayBeTyped(_ text: String) -> Bool {
        if let first = text.utf8.first, text.utf8.count > 5, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
           first != UInt8(ascii: "-"), first != UInt8(ascii: "+"), first != UInt8(ascii: ".") {
            return false
        }
        return text.utf8.allSatisfy { typedCharacters[Int($0)] }
    }

    /// For each byte, whether it is a character of the rules' patterns: digits, signs,
    /// `_ . : ~`, hex digits, and the letters of `0b`, `0o`, `0x`, `yes`, `no`, `on`, `off`,
    /// `true`, `false`, `null`, `.inf` and `.nan` in either case.
    private static let typedCharacters: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "0123456789+-_.:~abcdefABCDEFoOxXyYsSnNtTrRuUlLiI".utf8 { table[Int(byte)] = true }
        return table
    }()

    /// Only the types the readers ask for: no timestamps, merge keys or `=`.
    private static let typing = Resolver.default.removing(.merge).removing(.timestamp).removing(.value)

    package func location(of node: Node) -> FileLocation {
        location(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    package func location(line: Int, column: Int) -> FileLocation {
        FileLocation(path: path, line: firstLine + line - 1, column: column)
    }

    private func diagnostic(for error: YamlError, what: String) -> Diagnostic {
        let hint = "check the indentation, the `key: value` colons and the quoting; quote values that contain `: ` or start with `[`, `{`, `*`, `&` or `!`"
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return .error("\(what) is not valid YAML: \(problem)", at: location(line: mark.line, column: mark.column), hint: hint)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "`\($0)`" }.joined(separator: ", ")
            return .error("\(what) sets \(keys) more than once", at: location(line: context.mark.line, column: context.mark.column),
                          hint: "keep one of the duplicated fields and delete the others")
        case .reader(let problem, _, _, _):
            return .error("\(what) cannot be read: \(problem)", at: location(line: 1, column: 1), hint: "save the file as UTF-8")
        default:
            return .error("\(what) is not valid YAML: \(error)", at: location(line: 1, column: 1), hint: hint)
        }
    }
}

/// Reads typed fields from a YAML mapping, recording a diagnostic for every missing or mistyped
/// field instead of stopping at the first.
package struct YAMLMappingReader {
    package let mapping: Node.Mapping
    package let source: YAMLSource
    /// What the mapping is, for messages: "front matter", "course.yml", "phase 2".
    let context: String
    package private(set) var diagnostics: [Diagnostic] = []
    /// Each plain key's pair, found in one pass: walking a `Node.Mapping` per lookup cost more
    /// than parsing the YAML.
    private let pairs: [String: (key: Node, value: Node)]

    package init(_ mapping: Node.Mapping, source: YAMLSource, context: String) {
        self.mapping = mapping
        self.source = source
        self.context = context
        var pairs: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            // Composing refuses duplicated keys, so the first is the only one.
            if let name = key.scalar?.string, pairs[name] == nil { pairs[name] = (key, value) }
        }
        self.pairs = pairs
    }

    /// Whether the mapping has `key`.
    package func contains(_ key: String) -> Bool {
        pairs[key] != nil
    }

    /// Where the mapping itself starts.
    package var startLocation: FileLocation {
        source.location(line: mapping.mark?.line ?? 1, column: mapping.mark?.column ?? 1)
    }

    /// Where the value of `key` starts, or where the mapping starts when `key` is absent.
    package func location(of key: String) -> FileLocation {
        pairs[key].map { source.location(of: $0.value) } ?? startLocation
    }

    /// A text field. Numbers and booleans are accepted as their text.
    package mutating func string(_ key: String, required: Bool, example: String) -> String? {
        guard let node = node(key, required: required, example: example) else { return nil }
        guard let scalar = node.scalar else {
            report("`\(key)` must be a single value", at: node, example: example)
            return nil
        }
        return Self.cleaned(scalar.string)
    }

    /// `text` with control characters other than tab and line feed replaced by U+FFFD. YAML's
    /// `"\0"` or `"\e"` escapes put them in titles, and neither a page nor a terminal should
    /// receive them.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    package static func cleaned(_ text: String) -> String {
        guard text.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A) || $0 == 0x7F }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let isControl = (scalar.value < 0x20 && scalar != "\t" && scalar != "\n") || scalar.value == 0x7F
            result.append(isControl ? "\u{FFFD}" : scalar)
        }
        return String(result)
    }

    package mutating func int(_ key: String, required: Bool, example: String) -> Int? {
        guard let node = node(key, required: required, example: example) else { return nil }
        // An unsigned plain decimal, as most are, is read without Yams's conversion of every
        // notation (which refuses `-0`, so signed ones still go through it).
        if case .scalar(let scalar) = node, scalar.tag.rawValue.isEmpty, scalar.string.utf8.first.map({ $0 &- UInt8(ascii: "0") < 10 }) == true,
           YAMLSource.isPlainDecimal(scalar.string), let number = Int(scalar.string) {
            return number
        }
        guard YAMLSource.typeTag(of: node) == .int, let number = node.int else {
            report("`\(key)` must be a whole number, not `\(describe(node))`", at: node, example: example)
            return nil
        }
        return number
    }

    /// A number; whole numbers are accepted too.
    package mutating func double(_ key: String, required: Bool, example: String) -> Double? {
        guard let node = node(key, required: required, example: example) else { return nil }
        guard let number = Self.number(node) else {
            report("`\(key)` must be a number, not `\(describe(node))`", at: node, example: example)
            return nil
        }
        return number
    }

    /// The number a scalar node holds, if it is an integer or a float.
    package static func number(_ node: Node) -> Double? {
        let tag = YAMLSource.typeTag(of: node)
        guard tag == .int || tag == .float else { return nil }
        return node.float ?? node.int.map(Double.init)
    }

    package mutating func bool(_ key: String, example: String) -> Bool? {
        guard let node = node(key, required: false, example: example) else { return nil }
        guard YAMLSource.typeTag(of: node) == .bool, let flag = node.bool else {
            report("`\(key)` must be `true` or `false`, not `\(describe(node))`", at: node, example: example)
            return nil
        }
        return flag
    }

    /// A list of text values; a single value counts as a list of one.
    package mutating func stringList(_ key: String, example: String) -> [(String, FileLocation)]? {
        guard let node = node(key, required: false, example: example) else { return nil }
        if let scalar = node.scalar { return [(Self.cleaned(scalar.string), source.location(of: node))] }
        guard let sequence = node.sequence else {
            report("`\(key)` must be a list", at: node, example: example)
            return nil
        }
        var items: [(String, FileLocation)] = []
        for element in sequence {
            guard let scalar = element.scalar else {
                report("each entry of `\(key)` must be a single value", at: element, example: example)
                continue
            }
            items.append((Self.cleaned(scalar.string), source.location(of: element)))
        }
        return items
    }

    /// A list of mappings, each read by its own reader.
    package mutating func mappingList(_ key: String, required: Bool, example: String) -> [YAMLMappingReader]? {
        guard let node = node(key, required: required, example: example) else { return nil }
        guard let sequence = node.sequence else {
            report("`\(key)` must be a list of entries starting with `- `", at: node, example: example)
            return nil
        }
        var readers: [YAMLMappingReader] = []
        for (index, element) in sequence.enumerated() {
            guard let mapping = element.mapping else {
                report("entry \(index + 1) of `\(key)` must be a set of `key: value` fields", at: element, example: example)
                continue
            }
            readers.append(YAMLMappingReader(mapping, source: source, context: "entry \(index + 1) of `\(key)`"))
        }
        return readers
    }

    /// Adds a diagnostic about a value of this mapping.
    package mutating func report(_ message: String, at node: Node, example: String) {
        diagnostics.append(.error(message, at: source.location(of: node), hint: "write it like `\(example)`"))
    }

    package mutating func append(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    package mutating func absorb(_ reader: YAMLMappingReader) {
        diagnostics += reader.diagnostics
    }

    /// Warns about fields nobody asked for: usually a typo of a known one.
    package mutating func warnAboutUnknownKeys(known: [String]) {
        for (key, _) in mapping {
            guard let name = key.scalar?.string, !known.contains(name) else { continue }
            let suggestion = ClosestMatch.suggestion(for: name, among: known)
            diagnostics.append(.warning(
                "unknown field `\(name)` in \(context)", at: source.location(of: key),
                hint: suggestion.map { "did you mean `\($0)`?" } ?? "known fields are " + known.map { "`\($0)`" }.joined(separator: ", ")
            ))
        }
    }

    /// The raw value of `key`, for fields whose shape varies; records a diagnostic if it is
    /// required and missing.
    package mutating func node(_ key: String, required: Bool, example: String) -> Node? {
        guard let pair = pairs[key] else {
            if required {
                diagnostics.append(.error("missing required field `\(key)` in \(context)", at: startLocation,
                                          hint: "add a line like `\(example)`"))
            }
            return nil
        }
        if YAMLSource.typeTag(of: pair.value) == .null {
            if required {
                diagnostics.append(.error("`\(key)` has no value", at: source.location(of: pair.key), hint: "write it like `\(example)`"))
            }
            return nil
        }
        return pair.value
    }

    package func describe(_ node: Node) -> String {
        if let scalar = node.scalar { return scalar.string }
        if node.sequence != nil { return "a list" }
        if node.mapping != nil { return "a set of fields" }
        return "an alias"
    }
}
