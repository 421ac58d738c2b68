import ArgumentParser
import CachebookCourse
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
    @OptionGroup var display: DisplayOptions

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let output = TerminalOutput(display: display, variables: environment)
        let renderer = LessonPageRenderer(width: output.width)
        if Self.looksLikePath(lesson) {
            do {
                output.write(renderer.render(try DraftFile.read(URL(fileURLWithPath: lesson))))
            } catch {
                throw CommandFailure(message: error.message, hint: error.hint)
            }
            return
        }
        let loaded = try CourseLocation.load(from: course, environment: environment)
        noteProblems(in: loaded)
        switch loaded.course.findLesson(lesson) {
        case .found(let found):
            output.write(renderer.render(found, in: loaded.course))
        case .notFound(let suggestion):
            throw CommandFailure(
                message: "no lesson `\(lesson)` in the course",
                hint: suggestion.map { "did you mean `\($0)`?" } ?? "run `cachebook list` to see the lesson ids")
        case .ambiguous(let ids):
            throw CommandFailure(
                message: "`\(lesson)` could be any of " + ids.map { "`\($0)`" }.joined(separator: ", "),
                hint: "type more of the id")
        }
    }

    /// Markdown paths are read as files; everything else names a lesson of the course.
    static func looksLikePath(_ argument: String) -> Bool {
        argument.contains("/") || argument.hasSuffix(".md") || argument.hasSuffix(".markdown")
    }
}
