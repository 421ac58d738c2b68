/// The result of checking an answer.
public struct ExerciseFeedback: Hashable, Sendable {
    public var isCorrect: Bool
    /// Feedback beyond right or wrong: the chosen choices' feedback, "too high", and so on.
    public var messages: [String]

    public init(isCorrect: Bool, messages: [String] = []) {
        self.isCorrect = isCorrect
        self.messages = messages
    }
}

extension Exercise {
    /// Checks a typed answer to a `choice`, `multi`, `text` or `number` exercise.
    ///
    /// - Parameter expectedNumber: The value of a computed number answer, already computed by
    ///   running its block; ignored for other kinds.
    /// - Complexity: O(*c*) in the number of choices or accepted answers.
    public func check(_ answer: String, expectedNumber: Double? = nil) -> ExerciseFeedback {
        switch kind {
        case .choice(let question):
            guard let picked = Self.resolveChoice(answer, in: question) else {
                return ExerciseFeedback(isCorrect: false, messages: ["`\(answer)` is not one of the choices: " + question.choices.map(\.id).joined(separator: ", ") + "."])
            }
            let messages = picked.feedback.isEmpty ? [] : [picked.feedback]
            return ExerciseFeedback(isCorrect: question.correct == [picked.id], messages: messages)
        case .multi(let question):
            var picked: [Choice] = []
            for word in AnswerNormalization.choices(answer).split(separator: ",") {
                guard let choice = Self.resolveChoice(String(word), in: question) else {
                    return ExerciseFeedback(isCorrect: false, messages: ["`\(word)` is not one of the choices: " + question.choices.map(\.id).joined(separator: ", ") + "."])
                }
                if !picked.contains(choice) { picked.append(choice) }
            }
            let pickedIDs = Set(picked.map(\.id)), correctIDs = Set(question.correct)
            var messages = picked.filter { !$0.feedback.isEmpty }.map { "\($0.id): \($0.feedback)" }
            if pickedIDs != correctIDs {
                let right = pickedIDs.intersection(correctIDs).count
                let wrong = pickedIDs.subtracting(correctIDs).count
                messages.append("You picked \(right) of the \(correctIDs.count) correct choices" + (wrong > 0 ? " and \(wrong) that \(wrong == 1 ? "is" : "are") not correct." : "."))
            }
            return ExerciseFeedback(isCorrect: pickedIDs == correctIDs, messages: messages)
        case .text(let accepted):
            let normalized = AnswerNormalization.text(answer)
            return ExerciseFeedback(isCorrect: accepted.contains { AnswerNormalization.text($0) == normalized })
        case .number(let question):
            guard let value = AnswerNormalization.number(answer) else {
                return ExerciseFeedback(isCorrect: false, messages: ["`\(answer)` is not a number."])
            }
            let target: Double
            switch question.answer {
            case .fixed(let fixed): target = fixed
            case .computed:
                guard let expectedNumber else { return ExerciseFeedback(isCorrect: false, messages: ["The answer could not be computed."]) }
                target = expectedNumber
            }
            if question.accepts(value, target: target) { return ExerciseFeedback(isCorrect: true) }
            return ExerciseFeedback(isCorrect: false, messages: [value > target ? "Too high." : "Too low."])
        case .scenario:
            return ExerciseFeedback(isCorrect: false, messages: ["This exercise is answered with a scenario file: use --file."])
        }
    }

    /// The correct answer as a learner would type it, for `cachebook solution`.
    public func solutionText(expectedNumber: Double? = nil) -> String {
        switch kind {
        case .choice(let question), .multi(let question):
            return question.correct.compactMap { id in question.choices.first { $0.id == id } }
                .map { "\($0.id)) \($0.text)" }.joined(separator: "\n")
        case .text(let accepted):
            return accepted.joined(separator: " / ")
        case .number(let question):
            if case .fixed(let value) = question.answer { return NumberFormatting.plain(value) }
            return expectedNumber.map { AnswerNormalization.rounded($0, precision: question.precision) } ?? "(computed)"
        case .scenario(let challenge):
            return challenge.solution ?? challenge.solutionFile.map { "see \($0)" } ?? ""
        }
    }

    /// A choice by id, 1-based position, or its exact text.
    static func resolveChoice(_ answer: String, in question: ChoiceQuestion) -> Choice? {
        let normalized = AnswerNormalization.choice(answer)
        if let byID = question.choices.first(where: { $0.id == normalized }) { return byID }
        if let position = Int(normalized), position >= 1, position <= question.choices.count { return question.choices[position - 1] }
        return question.choices.first { AnswerNormalization.text($0.text) == normalized }
    }
}
