import CachebookMarkdown
import CachebookNotebook
import CachebookText
import Foundation

/// How a lesson's notebook cells look in the terminal: each runnable block followed by its
/// freshly computed output, expected-output blocks hidden (the real output is right there),
/// and exercises shown as questions instead of YAML.
public struct NotebookBlocks {
    public let notebook: LessonNotebook
    public let databaseDirectory: URL?

    public init(notebook: LessonNotebook, databaseDirectory: URL?) {
        self.notebook = notebook
        self.databaseDirectory = databaseDirectory
    }

    /// The override to give ``MarkdownTerminalRenderer``.
    public func override(_ codeBlock: CodeBlock, width: Int) -> [StyledLine]? {
        let line = codeBlock.range.start.line
        if let block = notebook.cells.runnableBlocks.first(where: { $0.range.start.line == line }) {
            return runnableLines(block, codeBlock: codeBlock, width: width)
        }
        if notebook.cells.runnableBlocks.contains(where: { $0.expectedOutput?.range.start.line == line }) {
            return []
        }
        if let index = notebook.cells.exerciseBlocks.firstIndex(where: { $0.range.start.line == line }) {
            return exerciseLines(notebook.cells.exerciseBlocks[index], width: width)
        }
        return nil
    }

    private func runnableLines(_ block: RunnableBlock, codeBlock: CodeBlock, width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        if let title = block.title {
            lines += TextWrapper.wrap([StyledText("▶ " + title, style: .heading)], width: width)
        }
        lines += MarkdownTerminalRenderer.codeLines(codeBlock, width: width)
        // On a narrow screen the output is laid out for the screen, not for the lesson's 80 columns.
        let execution = block.execute(lessonPath: notebook.lesson.displayPath, databaseDirectory: databaseDirectory,
                                      width: ScenarioOutputStyle.layoutWidth(block: block.outputWidth, screen: width))
        lines.append(StyledLine("output", style: .muted))
        lines += ScenarioOutputStyle.lines(execution.output, cutTo: width)
        return lines
    }

    private func exerciseLines(_ block: ExerciseBlock, width: Int) -> [StyledLine] {
        guard let exercise = notebook.exercises.first(where: { $0.location.line == block.range.start.line }) else {
            return [StyledLine("(this exercise has errors; run `cachebook lint`)", style: .failure)]
        }
        let presenter = ExercisePresenter(width: width)
        var lines = presenter.question(exercise, lessonID: notebook.lesson.id)
        if case .scenario = exercise.kind {} else {
            lines += TextWrapper.wrap([StyledText("Answer: ", style: .muted),
                                       StyledText("cachebook check \(notebook.lesson.id) \(exercise.id) ANSWER", style: .code)], width: width)
        }
        return lines
    }
}
