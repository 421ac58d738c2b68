import ArgumentParser
import CachebookCourse
import CachebookNotebook
import CachebookTerminal
import Foundation

/// `cachebook read`: one lesson, rendered for the terminal.
struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Read a lesson in the terminal.",
        discussion: """
            LESSON is a lesson id (read-through), a prefix only one id starts with (read), or the \
            path of any Markdown file (drafts/new-lesson.md), with or without front matter.
            """
    )

    @Argument(help: ArgumentHelp("A lesson id, a unique prefix of one, or a Markdown file's path.", valueName: "lesson"))
    var lesson: String

    @OptionGroup var course: CourseOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var display: DisplayOptions

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let output = TerminalOutput(display: display, variables: environment)
        if Self.looksLikePath(lesson) {
            let url = URL(fileURLWithPath: lesson)
            let draft: DraftFile
            do {
                draft = try DraftFile.read(url)
            } catch {
                throw CommandFailure(message: error.message, hint: error.hint)
            }
            // A draft's runnable blocks run too, so authors see what learners will.
            let notebook = LessonNotebook(lesson: draft.lesson(file: url, displayPath: lesson))
            let databases = CourseWorkspace.databaseDirectory(besides: CourseWorkspace.progressStore(state, environment: environment))
            let blocks = NotebookBlocks(notebook: notebook, databaseDirectory: databases)
            output.write(LessonPageRenderer(width: output.width, codeBlockOverride: blocks.override).render(draft))
            return
        }
        let workspace = try CourseWorkspace.open(course: course, state: state, environment: environment)
        noteProblems(in: workspace.loaded)
        let found = try workspace.lesson(lesson)
        let unmet = workspace.completion(progress: workspace.readProgress()).unmetPrerequisites(of: found)
        if !unmet.isEmpty {
            let note = "note: this lesson builds on " + unmet.map { "\($0.title) (\($0.id))" }.joined(separator: ", ")
                + ", not complete yet; read on, or go back first"
            printToStandardError(TextWrapper.wrap([StyledText(note)], width: output.width).map(\.plainText).joined(separator: "\n"))
        }
        output.write(LessonPageRenderer.notebookPage(LessonNotebook(lesson: found), in: workspace.course, width: output.width,
                                                     databaseDirectory: workspace.databaseDirectory))
        do {
            let now = Date()
            try workspace.updateProgress { progress in
                progress[lesson: found.id].markRead(at: now)
                progress.recordActivity(on: found.id, at: now)
            }
        } catch {
            printToStandardError("warning: your progress could not be saved: \(error)")
        }
    }

    /// Markdown paths are read as files; everything else names a lesson of the course.
    static func looksLikePath(_ argument: String) -> Bool {
        argument.contains("/") || argument.hasSuffix(".md") || argument.hasSuffix(".markdown")
    }
}
