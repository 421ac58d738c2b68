import CachebookCourse
import CachebookMarkdown
import CachebookNotebook
import Testing

/// Parses one exercise block whose YAML is `yaml`, placed at line 10 of `lesson.md`.
private func parse(_ yaml: String) -> (Exercise?, [Diagnostic]) {
    let block = ExerciseBlock(yaml: yaml, range: SourceRange(start: .init(line: 10, column: 1), end: .init(line: 20, column: 3)))
    return ExerciseParser.parse(block, lessonPath: "lesson.md")
}

/// Parses an exercise that must be valid.
private func exercise(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Exercise {
    let (parsed, diagnostics) = parse(yaml)
    #expect(diagnostics.isEmpty, "\(diagnostics)", sourceLocation: sourceLocation)
    return try #require(parsed, sourceLocation: sourceLocation)
}

/// The messages of an exercise that must be invalid.
private func problems(_ yaml: String) -> [String] {
    let (parsed, diagnostics) = parse(yaml)
    #expect(parsed == nil)
    return diagnostics.map { "\($0.line): \($0.message)" }
}

@Suite("Exercise blocks parse, and every mistake is reported at its line")
struct ExerciseParserTests {
    @Test func aChoiceWithFeedbackPerChoice() throws {
        let parsed = try exercise("""
            id: pick
            type: choice
            prompt: Which pattern never serves stale data?
            choices:
              - text: Write-back
                feedback: It acknowledges before the database has the value.
              - text: Write-through
                feedback: Right, the database is written first.
            answer: b
            hints: [Think about when the database is written]
            explanation: Because.
            """)
        guard case .choice(let question) = parsed.kind else { Issue.record("not a choice"); return }
        #expect(question.choices.map(\.id) == ["a", "b"])
        #expect(question.correct == ["b"])
        #expect(parsed.hints == ["Think about when the database is written"])
        #expect(parsed.location == FileLocation(path: "lesson.md", line: 10))
    }

    @Test func aComputedNumberNamesABlockAndAMetric() throws {
        let parsed = try exercise("id: n\ntype: number\nprompt: How many?\nanswer: {from: stampede, metric: db-reads}\ntolerance: 0.01\n")
        #expect(parsed.kind == .number(NumberQuestion(answer: .computed(blockID: "stampede", metric: "db-reads"), tolerance: 0.01, precision: 2)))
    }

    @Test func aScenarioChallengeWithGoalsAndASolution() throws {
        let parsed = try exercise("""
            id: tune
            type: scenario
            prompt: Keep database writes low.
            prefix: |
              cache capacity=10
            workload: |
              workload zipf keys=100 requests=1000 writes=0.5
            goals: [db-writes <= 50, lost-writes == 0]
            solution: |
              pattern write-back batch=20
            """)
        guard case .scenario(let challenge) = parsed.kind else { Issue.record("not a scenario"); return }
        #expect(challenge.goals.map(\.description) == ["db-writes <= 50", "lost-writes == 0"])
        #expect(challenge.solution == "pattern write-back batch=20")
    }

    @Test func invalidYAMLIsReportedAtItsLine() {
        #expect(problems("id: x\ntype: [choice\n") == ["13: the exercise is not valid YAML: did not find expected ',' or ']'"])
    }

    @Test func missingFieldsAndUnknownTypes() {
        #expect(problems("type: quiz\n") == [
            "11: missing required field `id` in the exercise",
            "11: missing required field `prompt` in the exercise",
            "11: unknown exercise type `quiz`",
        ])
    }

    @Test func anAnswerThatIsNotAChoice() {
        #expect(problems("id: c\ntype: choice\nprompt: P\nchoices: [one, two]\nanswer: c\n") == ["15: the answer `c` is not among the choices"])
    }

    @Test func aChoiceNeedsTwoChoices() {
        #expect(problems("id: c\ntype: choice\nprompt: P\nchoices: [only]\nanswer: a\n") == ["14: `choices` must be a list of at least two choices"])
    }

    @Test func aScenarioWithoutSolutionOrWithABadGoal() {
        #expect(problems("id: s\ntype: scenario\nprompt: P\nworkload: get a\ngoals: [hit-ratio is high]\n") == [
            "11: a scenario exercise needs a reference solution",
            "15: cannot read goal `hit-ratio is high`",
        ])
    }

    @Test func anEmptyOrBlankAnswerIsAnErrorNotASilentlyMissingExercise() {
        #expect(problems("id: t\ntype: text\nprompt: P\nanswer: []\n") == ["14: `answer` gives no accepted text"])
        #expect(problems("id: t\ntype: text\nprompt: P\nanswer: \"   \"\n") == ["14: `answer` gives no accepted text"])
        #expect(problems("id: m\ntype: multi\nprompt: P\nchoices: [one, two]\nanswer: []\n") == ["15: `answer` lists no choice"])
        #expect(problems("id: t\ntype: text\nprompt: P\nanswer: [yes, \" \"]\n") == ["14: `answer` has a blank entry"])
    }

    @Test func withoutAToleranceAnAnswerIsExactToThePlacesWritten() throws {
        guard case .number(let written) = try exercise("id: n\ntype: number\nprompt: P\nanswer: 0.82\n").kind,
              case .number(let computed) = try exercise("id: n\ntype: number\nprompt: P\nanswer: {from: b, metric: hits}\n").kind,
              case .number(let tolerant) = try exercise("id: n\ntype: number\nprompt: P\nanswer: 0.82\ntolerance: 0.05\n").kind
        else { Issue.record("number exercises"); return }
        #expect(written.precision == 2 && computed.precision == NumberQuestion.exactPrecision && tolerant.precision == 2)
        #expect(written.accepts(0.82, target: 0.82) && !written.accepts(1, target: 0.82) && !written.accepts(0.8, target: 0.82))
        #expect(problems("id: n\ntype: number\nprompt: P\nanswer: 5\ntolerance: 2\nprecision: 4\n")
                == ["16: a tolerance of 2 at 4 decimal places spans more than 10000 steps"])
    }

    @Test func aNegativeToleranceAndAWrongAnswerType() {
        #expect(problems("id: n\ntype: number\nprompt: P\nanswer: [1]\ntolerance: -1\n") == [
            "14: `answer` must be a number or `{from: BLOCK, metric: NAME}`, not `a list`",
            "15: `tolerance` must be 0 or more",
        ])
    }
}

@Suite("Answers are checked with feedback beyond right or wrong")
struct ExerciseCheckerTests {
    let choice = Exercise(id: "c", prompt: "P", kind: .choice(ChoiceQuestion(choices: [
        Choice(id: "a", text: "Write-back", feedback: "Acknowledged before the database has it."),
        Choice(id: "b", text: "Write-through", feedback: "Yes: database first."),
    ], correct: ["b"])), location: FileLocation(path: "l.md", line: 1))

    @Test func choicesByIDPositionOrText() {
        #expect(choice.check("b").isCorrect)
        #expect(choice.check(" B ").isCorrect)
        #expect(choice.check("2").isCorrect)
        #expect(choice.check("write-through").isCorrect)
        let wrong = choice.check("a")
        #expect(!wrong.isCorrect)
        #expect(wrong.messages == ["Acknowledged before the database has it."])
        #expect(choice.check("z").messages == ["`z` is not one of the choices: a, b."])
    }

    @Test func multiNeedsExactlyTheCorrectSet() {
        let multi = Exercise(id: "m", prompt: "P", kind: .multi(ChoiceQuestion(choices: [
            Choice(id: "a", text: "A"), Choice(id: "b", text: "B"), Choice(id: "c", text: "C", feedback: "C is a trap."),
        ], correct: ["a", "b"])), location: FileLocation(path: "l.md", line: 1))
        #expect(multi.check("b,a").isCorrect)
        #expect(multi.check("a b").isCorrect)
        #expect(multi.check("a").messages == ["You picked 1 of the 2 correct choices."])
        #expect(multi.check("a,c").messages == ["c: C is a trap.", "You picked 1 of the 2 correct choices and 1 that is not correct."])
    }

    @Test func textIgnoresCaseAndSpacing() {
        let text = Exercise(id: "t", prompt: "P", kind: .text(accepted: ["single-flight", "request coalescing"]), location: FileLocation(path: "l.md", line: 1))
        #expect(text.check("Single-Flight").isCorrect)
        #expect(text.check("  request   COALESCING ").isCorrect)
        #expect(!text.check("locking").isCorrect)
    }

    @Test func numbersWithinToleranceAndTooHighOrLow() {
        let number = Exercise(id: "n", prompt: "P", kind: .number(NumberQuestion(answer: .computed(blockID: "b", metric: "hit-ratio"), tolerance: 0.01, precision: 2)), location: FileLocation(path: "l.md", line: 1))
        #expect(number.check("0.82", expectedNumber: 0.8234).isCorrect)
        #expect(number.check("82%", expectedNumber: 0.8234).isCorrect)
        #expect(number.check("0.9", expectedNumber: 0.8234).messages == ["Too high."])
        #expect(number.check("0.5", expectedNumber: 0.8234).messages == ["Too low."])
        #expect(number.check("lots", expectedNumber: 0.8234).messages == ["`lots` is not a number."])
        #expect(number.solutionText(expectedNumber: 0.8234) == "0.82")
    }

    @Test func precisionFollowsTolerance() {
        #expect(NumberQuestion.precision(forTolerance: 0.01) == 2)
        #expect(NumberQuestion.precision(forTolerance: 0.005) == 3)
        #expect(NumberQuestion.precision(forTolerance: 0.1) == 1)
        #expect(NumberQuestion.precision(forTolerance: 0) == 0)
        #expect(NumberQuestion.precision(forTolerance: 5) == 0)
    }

    @Test(arguments: [(0.825, 2, "0.83"), (-0.825, 2, "-0.83"), (2.5, 0, "3"), (0.004, 2, "0.00"), (-0.004, 2, "0.00"), (12, 1, "12.0"), (0.05, 1, "0.1")])
    func roundingHalfAwayFromZero(value: Double, precision: Int, text: String) {
        #expect(AnswerNormalization.rounded(value, precision: precision) == text)
    }
}
