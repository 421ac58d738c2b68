import CachebookCourse
import CacheLab

/// The words after a command: positional words, and `name=value` options read by type.
struct OptionReader {
    let line: ScenarioLine
    var lineNumber: Int { line.number }
    let command: ScenarioToken
    private(set) var positionalTokens: [ScenarioToken] = []
    private(set) var options: [String: (value: String, column: Int)] = [:]
    private var usedOptions: Set<String> = []

    init(line: ScenarioLine, from index: Int) throws(ScenarioDiagnostic) {
        try self.init(line: line, tokens: Array(line.tokens.dropFirst(index)), command: line.tokens[index - 1])
    }

    init(line: ScenarioLine, tokens: [ScenarioToken], command: ScenarioToken) throws(ScenarioDiagnostic) {
        self.line = line
        self.command = command
        // `db` rows look like options; they are positional for `db`.
        let rowsArePositional = command.text == "db"
        for token in tokens {
            if !rowsArePositional, let (name, value, column) = token.option {
                guard options[name] == nil else {
                    throw ScenarioDiagnostic(line: line.number, column: token.column, message: "`\(name)` is set twice", hint: "keep one `\(name)=`")
                }
                options[name] = (value, column)
            } else {
                positionalTokens.append(token)
            }
        }
    }

    func problem(at token: ScenarioToken, _ message: String, hint: String) -> ScenarioDiagnostic {
        ScenarioDiagnostic(line: lineNumber, column: token.column, message: message, hint: hint)
    }

    func problem(atColumn column: Int, _ message: String, hint: String) -> ScenarioDiagnostic {
        ScenarioDiagnostic(line: lineNumber, column: column, message: message, hint: hint)
    }

    func positional(_ index: Int, what: String, example: String) throws(ScenarioDiagnostic) -> ScenarioToken {
        guard index < positionalTokens.count else {
            throw problem(at: command, "`\(command.text)` needs \(what)", hint: "write it like `\(example)`")
        }
        return positionalTokens[index]
    }

    func positionals(atLeast count: Int, what: String, example: String) throws(ScenarioDiagnostic) -> [ScenarioToken] {
        guard positionalTokens.count >= count else {
            throw problem(at: command, "`\(command.text)` needs \(what)", hint: "write it like `\(example)`")
        }
        return positionalTokens
    }

    func noPositionals() throws(ScenarioDiagnostic) {
        if let extra = positionalTokens.first {
            throw problem(at: extra, "unexpected `\(extra.text)`", hint: "`\(command.text)` takes no words; options are written `name=value`")
        }
    }

    /// Fails on words beyond the first `count`.
    func noPositionals(after count: Int) throws(ScenarioDiagnostic) {
        if positionalTokens.count > count {
            let extra = positionalTokens[count]
            throw problem(at: extra, "unexpected `\(extra.text)`", hint: "`\(command.text)` takes \(count == 1 ? "one word" : "\(count) words"); options are written `name=value`")
        }
    }

    mutating func used(_ name: String) {
        usedOptions.insert(name)
    }

    mutating func string(_ name: String) throws(ScenarioDiagnostic) -> String? {
        guard let option = options[name] else { return nil }
        usedOptions.insert(name)
        guard !option.value.isEmpty else {
            throw problem(atColumn: option.column, "`\(name)=` has no value", hint: "write a value after `\(name)=`")
        }
        return option.value
    }

    mutating func duration(_ name: String) throws(ScenarioDiagnostic) -> VirtualTime? {
        guard let option = options[name] else { return nil }
        usedOptions.insert(name)
        return try duration(ScenarioToken(text: option.value, column: option.column, wasQuoted: false))
    }

    /// A time to live: a duration above zero, since an entry that expires as it is stored is a
    /// mistake, not a setting.
    mutating func timeToLive(_ name: String) throws(ScenarioDiagnostic) -> VirtualTime? {
        guard let ttl = try duration(name) else { return nil }
        guard ttl > .zero else {
            throw problem(atColumn: options[name]!.column, "`\(name)=\(options[name]!.value)` must be more than zero",
                          hint: "leave out `\(name)=` for entries that never expire")
        }
        return ttl
    }

    func duration(_ token: ScenarioToken) throws(ScenarioDiagnostic) -> VirtualTime {
        guard let value = ScenarioValues.duration(token.text) else {
            throw problem(at: token, "`\(token.text)` is not a duration", hint: "give a number and a unit: `250us`, `10ms`, `1.5s`, `2m`")
        }
        return value
    }

    mutating func count(_ name: String, in range: ClosedRange<Int>, example: String) throws(ScenarioDiagnostic) -> Int? {
        guard let option = options[name] else { return nil }
        usedOptions.insert(name)
        switch ScenarioValues.count(option.value) {
        case .value(let value) where value >= range.lowerBound && value <= range.upperBound:
            return Int(value)
        case .value(let value) where value < range.lowerBound:
            throw problem(atColumn: option.column, "`\(name)=\(option.value)` is below the minimum of \(range.lowerBound)",
                          hint: "use a whole number from \(range.lowerBound) to \(range.upperBound)")
        case .value, .tooLarge:
            throw problem(atColumn: option.column, "`\(name)=\(option.value)` is over the limit of \(range.upperBound)",
                          hint: "use a whole number from \(range.lowerBound) to \(range.upperBound)")
        case .invalid:
            throw problem(atColumn: option.column, "`\(option.value)` is not a whole number", hint: "write it like `\(example)`")
        }
    }

    mutating func number(_ name: String, in range: ClosedRange<Double>) throws(ScenarioDiagnostic) -> Double? {
        guard let option = options[name] else { return nil }
        usedOptions.insert(name)
        guard let value = Double(option.value), range.contains(value) else {
            throw problem(atColumn: option.column, "`\(name)=\(option.value)` must be a number from \(NumberFormatting.plain(range.lowerBound)) to \(NumberFormatting.plain(range.upperBound))",
                          hint: "write it like `\(name)=1.0`")
        }
        return value
    }

    mutating func fraction(_ name: String) throws(ScenarioDiagnostic) -> Double? {
        guard let option = options[name] else { return nil }
        usedOptions.insert(name)
        guard let value = ScenarioValues.fraction(option.value) else {
            throw problem(atColumn: option.column, "`\(name)=\(option.value)` must be a fraction from 0 to 1", hint: "write it like `\(name)=0.8` or `\(name)=80%`")
        }
        return value
    }

    mutating func toggle(_ name: String) throws(ScenarioDiagnostic) -> Bool? {
        guard let option = options[name] else { return nil }
        usedOptions.insert(name)
        guard let value = ScenarioValues.toggle(option.value) else {
            throw problem(atColumn: option.column, "`\(name)=` is `on` or `off`, not `\(option.value)`", hint: "write `\(name)=on` or `\(name)=off`")
        }
        return value
    }

    mutating func choice(_ name: String, among choices: [String]) throws(ScenarioDiagnostic) -> String? {
        guard let option = options[name] else { return nil }
        usedOptions.insert(name)
        guard choices.contains(option.value) else {
            throw problem(atColumn: option.column, "`\(name)=` is one of \(choices.map { "`\($0)`" }.joined(separator: ", ")), not `\(option.value)`",
                          hint: ClosestMatch.suggestion(for: option.value, among: choices).map { "did you mean `\(name)=\($0)`?" } ?? "write `\(name)=\(choices[0])`")
        }
        return option.value
    }

    /// Fails on any option that is not in `allowed`, suggesting the nearest allowed name.
    func finish(allowed: [String]) throws(ScenarioDiagnostic) {
        for (name, option) in options.sorted(by: { $0.value.column < $1.value.column }) where !allowed.contains(name) {
            throw problem(atColumn: option.column - name.count - 1, "`\(command.text)` has no option `\(name)`",
                          hint: ClosestMatch.suggestion(for: name, among: allowed).map { "did you mean `\($0)`?" }
                            ?? (allowed.isEmpty ? "`\(command.text)` takes no options" : "its options are " + allowed.map { "`\($0)=`" }.joined(separator: ", ")))
        }
    }
}
