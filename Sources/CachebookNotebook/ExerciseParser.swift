import CachebookCourse
import Foundation
import Yams

/// Reads `exercise` blocks, reporting every problem as a diagnostic at its line in the lesson.
public enum ExerciseParser {
    static let knownFields = [
        "id", "type", "prompt", "choices", "answer", "tolerance", "precision", "hints", "explanation",
        "prefix", "workload", "goals", "solution", "solution-file",
    ]
    static let types = ["choice", "multi", "text", "number", "scenario"]

    /// Parses one block of the lesson at `lessonPath`.
    ///
    /// - Returns: The exercise, or `nil` if it has errors; and every diagnostic found.
    public static func parse(_ block: ExerciseBlock, lessonPath: String) -> (Exercise?, [Diagnostic]) {
        let source = YAMLSource(path: lessonPath, firstLine: block.firstSourceLine)
        let blockStart = FileLocation(path: lessonPath, line: block.range.start.line)
        let mapping: Node.Mapping
        switch source.parseMapping(block.yaml, what: "the exercise") {
        case .success(let parsed): mapping = parsed
        case .failure(let diagnostic): return (nil, [diagnostic])
        }
        var reader = YAMLMappingReader(mapping, source: source, context: "the exercise")
        let id = reader.string("id", required: true, example: "id: stampede-reads")
        let type = reader.string("type", required: true, example: "type: choice")
        let prompt = reader.string("prompt", required: true, example: "prompt: Which pattern fits?")
        let hints = (reader.stringList("hints", example: "hints: [Look at the store lane]") ?? []).map(\.0)
        let explanation = reader.string("explanation", required: false, example: "explanation: Why the answer is right.") ?? ""
        reader.warnAboutUnknownKeys(known: knownFields)
        if let id, !CourseLoader.isSlug(id) {
            reader.append(.error("exercise id `\(id)` is not a slug", at: reader.location(of: "id"),
                                 hint: "use lowercase letters, digits and single hyphens, like `\(CourseLoader.slugified(id))`"))
        }
        var kind: Exercise.Kind?
        switch type {
        case "choice", "multi":
            kind = readChoices(&reader, multiple: type == "multi")
        case "text":
            kind = readText(&reader)
        case "number":
            kind = readNumber(&reader)
        case "scenario":
            kind = readScenario(&reader)
        case let other?:
            reader.append(.error("unknown exercise type `\(other)`", at: reader.location(of: "type"),
                                 hint: ClosestMatch.suggestion(for: other, among: types).map { "did you mean `\($0)`?" }
                                    ?? "use one of " + types.map { "`\($0)`" }.joined(separator: ", ")))
        case nil:
            break
        }
        let diagnostics = reader.diagnostics.sortedByLocation()
        guard let id, CourseLoader.isSlug(id), let prompt, let kind, !diagnostics.containsErrors else { return (nil, diagnostics) }
        return (Exercise(id: id, prompt: prompt, kind: kind, hints: hints, explanation: explanation, location: blockStart), diagnostics)
    }

    private static func readChoices(_ reader: inout YAMLMappingReader, multiple: Bool) -> Exercise.Kind? {
        let example = "choices: [{text: Write-through, feedback: Why}, {text: Write-back}]"
        guard let choiceNode = reader.node("choices", required: true, example: example) else { return nil }
        guard let sequence = choiceNode.sequence, sequence.count >= 2 else {
            reader.report("`choices` must be a list of at least two choices", at: choiceNode, example: example)
            return nil
        }
        var choices: [Choice] = []
        for (index, element) in sequence.enumerated() {
            let defaultID = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(min(index, 25))))
            if let scalar = element.scalar {
                choices.append(Choice(id: defaultID, text: YAMLMappingReader.cleaned(scalar.string)))
            } else if let mapping = element.mapping {
                var entry = YAMLMappingReader(mapping, source: reader.source, context: "choice \(index + 1)")
                let text = entry.string("text", required: true, example: "text: Write-through")
                let id = entry.string("id", required: false, example: "id: a") ?? defaultID
                let feedback = entry.string("feedback", required: false, example: "feedback: Why this is right or wrong.") ?? ""
                entry.warnAboutUnknownKeys(known: ["id", "text", "feedback"])
                reader.absorb(entry)
                if let text { choices.append(Choice(id: id.lowercased(), text: text, feedback: feedback)) }
            } else {
                reader.report("choice \(index + 1) must be text or `{text: …, feedback: …}`", at: element, example: example)
            }
        }
        let ids = choices.map(\.id)
        if Set(ids).count != ids.count {
            reader.report("two choices have the same id", at: choiceNode, example: "id: a")
        }
        let answerExample = multiple ? "answer: [a, c]" : "answer: b"
        guard let answerNode = reader.node("answer", required: true, example: answerExample) else { return nil }
        let given: [String]
        if let scalar = answerNode.scalar {
            given = [scalar.string]
        } else if let sequence = answerNode.sequence, multiple {
            given = sequence.compactMap { $0.scalar?.string }
        } else {
            reader.report(multiple ? "`answer` must be a list of choice ids" : "`answer` must be one choice id", at: answerNode, example: answerExample)
            return nil
        }
        var correct: [String] = []
        for answer in given {
            let normalized = AnswerNormalization.choice(answer)
            if let match = choices.first(where: { $0.id == normalized || AnswerNormalization.text($0.text) == normalized }) {
                correct.append(match.id)
            } else {
                reader.report("the answer `\(answer)` is not among the choices", at: answerNode,
                              example: "answer: " + (ids.first ?? "a"))
            }
        }
        if given.isEmpty {
            reader.report("`answer` lists no choice", at: answerNode, example: answerExample)
        }
        if !multiple && correct.count != 1 || correct.isEmpty { return nil }
        return multiple ? .multi(ChoiceQuestion(choices: choices, correct: correct)) : .choice(ChoiceQuestion(choices: choices, correct: correct))
    }

    private static func readText(_ reader: inout YAMLMappingReader) -> Exercise.Kind? {
        let example = "answer: [single-flight, request coalescing]"
        guard let answerNode = reader.node("answer", required: true, example: example) else { return nil }
        guard let list = reader.stringList("answer", example: example) else { return nil }
        // A blank answer would be matched by a learner who types nothing but spaces.
        let accepted = list.map(\.0).filter { !AnswerNormalization.text($0).isEmpty }
        if accepted.count < list.count || accepted.isEmpty {
            reader.report(accepted.isEmpty ? "`answer` gives no accepted text" : "`answer` has a blank entry", at: answerNode, example: example)
        }
        return accepted.isEmpty ? nil : .text(accepted: accepted)
    }

    private static func readNumber(_ reader: inout YAMLMappingReader) -> Exercise.Kind? {
        let tolerance = reader.double("tolerance", required: false, example: "tolerance: 0.01") ?? 0
        if tolerance < 0 || !tolerance.isFinite {
            reader.append(.error("`tolerance` must be 0 or more", at: reader.location(of: "tolerance"), hint: "write it like `tolerance: 0.01`"))
        }
        let explicitPrecision = reader.int("precision", required: false, example: "precision: 2")
        let example = "answer: {from: stampede, metric: db-reads}"
        guard let answerNode = reader.node("answer", required: true, example: example) else { return nil }
        // Without a tolerance the answer is exact: as many places as the author wrote, or
        // NumberQuestion.exactPrecision for a computed one. Rounding 0.82 to 0 places would accept 1.
        var precision = explicitPrecision
            ?? (tolerance > 0 ? NumberQuestion.precision(forTolerance: tolerance) : answerNode.scalar.map { decimalPlaces($0.string) }
                ?? NumberQuestion.exactPrecision)
        precision = max(0, min(precision, 10))
        if tolerance * pow(10, Double(precision)) > Double(NumberQuestion.maximumToleranceSteps) {
            reader.append(.error("a tolerance of \(NumberFormatting.plain(tolerance)) at \(precision) decimal places spans more than \(NumberQuestion.maximumToleranceSteps) steps",
                                 at: reader.location(of: explicitPrecision == nil ? "tolerance" : "precision"),
                                 hint: "use fewer decimal places with `precision:`, or a smaller tolerance; the website tries every step"))
        }
        let answer: NumberAnswer
        if let number = YAMLMappingReader.number(answerNode) {
            answer = .fixed(number)
        } else if let mapping = answerNode.mapping {
            var entry = YAMLMappingReader(mapping, source: reader.source, context: "the computed answer")
            let block = entry.string("from", required: true, example: "from: stampede")
            let metric = entry.string("metric", required: true, example: "metric: db-reads")
            entry.warnAboutUnknownKeys(known: ["from", "metric"])
            reader.absorb(entry)
            guard let block, let metric else { return nil }
            answer = .computed(blockID: block, metric: metric)
        } else {
            reader.report("`answer` must be a number or `{from: BLOCK, metric: NAME}`, not `\(reader.describe(answerNode))`", at: answerNode, example: example)
            return nil
        }
        return .number(NumberQuestion(answer: answer, tolerance: max(0, tolerance), precision: precision))
    }

    /// The decimal places written in a number: `1.05` → 2, `2000` → 0; an exponent gives the
    /// exact precision.
    private static func decimalPlaces(_ text: String) -> Int {
        guard !text.contains(where: { $0 == "e" || $0 == "E" }) else { return NumberQuestion.exactPrecision }
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text[text.index(after: dot)...].prefix { $0.isNumber }.count
    }

    private static func readScenario(_ reader: inout YAMLMappingReader) -> Exercise.Kind? {
        let prefix = reader.string("prefix", required: false, example: "prefix: |\n  cache capacity=100") ?? ""
        let workload = reader.string("workload", required: true, example: "workload: |\n  workload zipf keys=1000 requests=5000")
        let goalEntries = reader.stringList("goals", example: "goals: [db-writes <= 50, lost-writes == 0]") ?? []
        var goals: [Goal] = []
        for (text, location) in goalEntries {
            if let goal = Goal(parsing: text) {
                goals.append(goal)
            } else {
                reader.append(.error("cannot read goal `\(text)`", at: location,
                                     hint: "write a metric, a comparison (<=, >=, ==, !=, <, >) and a number, like `db-writes <= 50`"))
            }
        }
        if goalEntries.isEmpty {
            reader.append(.error("a scenario exercise needs `goals`", at: reader.startLocation,
                                 hint: "add a line like `goals: [db-writes <= 50, lost-writes == 0]`"))
        }
        let solution = reader.string("solution", required: false, example: "solution: |\n  pattern write-back batch=10")
        let solutionFile = reader.string("solution-file", required: false, example: "solution-file: write-back.solution.lab")
        if solution == nil && solutionFile == nil {
            reader.append(.error("a scenario exercise needs a reference solution", at: reader.startLocation,
                                 hint: "add `solution: |` with the scenario lines, or `solution-file:` naming a file next to the lesson"))
        }
        guard let workload, !goals.isEmpty, goals.count == goalEntries.count else { return nil }
        return .scenario(ScenarioChallenge(prefix: prefix, workload: workload, goals: goals, solution: solution, solutionFile: solutionFile))
    }
}
