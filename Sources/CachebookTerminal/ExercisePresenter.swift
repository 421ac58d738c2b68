import CachebookText
import CachebookMarkdown
import Foundation
import CachebookNotebook

/// Shows exercises and the results of checking them in the terminal.
public struct ExercisePresenter {
    public var width: Int

    public init(width: Int) {
        self.width = width
    }

    /// The question: its prompt, and its choices or the kind of answer it wants.
    public func question(_ exercise: Exercise, lessonID: String) -> [StyledLine] {
        var lines = TextWrapper.wrap([StyledText("Exercise ", style: .strong), StyledText(exercise.id, style: .code),
                                      StyledText(" (\(exercise.kind.name))", style: .muted)], width: width)
        lines += markdown(exercise.prompt)
        switch exercise.kind {
        case .choice(let question), .multi(let question):
            for choice in question.choices {
                lines += TextWrapper.wrap(inlineSpans(choice.text), width: width - 6).enumerated().map { index, line in
                    line.prefixed(by: [StyledText(index == 0 ? "  \(choice.id))".fitted(toWidth: 6) : "      ", style: .strong)])
                }
            }
            if case .multi = exercise.kind {
                lines += TextWrapper.wrap([StyledText("Pick every correct choice, separated by commas (a,c).", style: .muted)], width: width)
            }
        case .text:
            lines += TextWrapper.wrap([StyledText("Answer with a word or a short phrase.", style: .muted)], width: width)
        case .number(let question):
            let note = question.tolerance > 0 ? "Answer with a number (within ±\(NumberFormatting.plain(question.tolerance)))." : "Answer with a number."
            lines += TextWrapper.wrap([StyledText(note, style: .muted)], width: width)
        case .scenario(let challenge):
            lines += fixedLines(challenge)
            lines.append(StyledLine("Goals:", style: .strong))
            lines += challenge.goals.flatMap { TextWrapper.wrap([StyledText("• " + $0.description)], width: width, indent: "  ") }
            lines += TextWrapper.wrap([StyledText("Write your scenario in a file, then run: ", style: .muted),
                                       StyledText("cachebook check \(lessonID) \(exercise.id) --file FILE", style: .code)], width: width)
        }
        return lines
    }

    /// The lines a scenario exercise runs around the learner's: fixed settings after, the
    /// workload last.
    private func fixedLines(_ challenge: ScenarioChallenge) -> [StyledLine] {
        var lines: [StyledLine] = []
        for (label, text) in [("Fixed settings (they override yours):", challenge.prefix), ("Then the exercise runs:", challenge.workload)] {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            lines += TextWrapper.wrap([StyledText(label, style: .strong)], width: width)
            lines += trimmed.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
                TextWrapper.hardWrap(String(line), width: width - 2).map { StyledLine("  " + $0, style: .code) }
            }
        }
        return lines
    }

    /// The verdict, the feedback, and the explanation once it is right.
    public func feedback(_ feedback: ExerciseFeedback, for exercise: Exercise, hintsShown: Int, lessonID: String) -> [StyledLine] {
        var lines = [feedback.isCorrect ? StyledLine("✓ Correct!", style: .success) : StyledLine("✗ Not quite.", style: .failure)]
        for message in feedback.messages {
            lines += TextWrapper.wrap([StyledText(message)], width: width - 2).map { $0.prefixed(by: [StyledText("  ")]) }
        }
        if feedback.isCorrect {
            if !exercise.explanation.isEmpty {
                lines.append(StyledLine())
                lines += markdown(exercise.explanation)
            }
        } else if hintsShown < exercise.hints.count {
            lines += TextWrapper.wrap([StyledText("Stuck? ", style: .muted),
                                       StyledText("cachebook check \(lessonID) \(exercise.id) --hint", style: .code),
                                       StyledText(" shows hint \(hintsShown + 1) of \(exercise.hints.count).", style: .muted)], width: width)
        }
        return lines
    }

    /// Hint number `index` (0-based).
    public func hint(_ exercise: Exercise, index: Int) -> [StyledLine] {
        guard index < exercise.hints.count else {
            return [StyledLine("There are no more hints for this exercise.", style: .muted)]
        }
        return TextWrapper.wrap([StyledText("Hint \(index + 1) of \(exercise.hints.count): ", style: .strong)], width: width)
            + markdown(exercise.hints[index])
    }

    /// Author-written inline Markdown, such as a choice, as styled runs.
    private func inlineSpans(_ text: String) -> [StyledText] {
        guard case .paragraph(let paragraph)? = CommonMarkConverter.parse(text).blocks.first else { return [StyledText(text)] }
        return MarkdownTerminalRenderer.spans(paragraph.content)
    }

    /// Renders author-written Markdown, such as a prompt or an explanation.
    public func markdown(_ text: String) -> [StyledLine] {
        MarkdownTerminalRenderer(width: width).render(CommonMarkConverter.parse(text))
    }
}
