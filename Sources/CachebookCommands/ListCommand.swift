import ArgumentParser
import CachebookCourse
import CachebookTerminal
import Foundation

/// `cachebook list`: the course outline.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show the course outline: phases, lessons, planned time and what to take next."
    )

    @OptionGroup var course: CourseOptions
    @OptionGroup var display: DisplayOptions

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let loaded = try CourseLocation.load(from: course, environment: environment)
        noteProblems(in: loaded)
        let output = TerminalOutput(display: display, variables: environment)
        let outline = CourseOutlineRenderer(course: loaded.course, width: output.width, nextLesson: loaded.course.lessons.first)
        output.write(outline.render())
    }
}

/// Tells the reader, on standard error, that the course has problems worth a `cachebook lint`.
func noteProblems(in loaded: LoadedCourse) {
    let errors = loaded.diagnostics.filter { $0.severity == .error }.count
    guard errors > 0 else { return }
    printToStandardError("warning: the course has \(errors) error\(errors == 1 ? "" : "s"); run `cachebook lint` to see them")
}
