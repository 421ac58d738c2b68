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
    @OptionGroup var state: StateOptions
    @OptionGroup var display: DisplayOptions

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let workspace = try CourseWorkspace.open(course: course, state: state, environment: environment)
        noteProblems(in: workspace.loaded)
        let output = TerminalOutput(display: display, variables: environment)
        let completion = workspace.completion(progress: workspace.readProgress())
        output.write(CourseOutlineRenderer(completion: completion, width: output.width).render())
    }
}

/// Tells the reader, on standard error, that the course has problems worth a `cachebook lint`.
func noteProblems(in loaded: LoadedCourse) {
    let errors = loaded.diagnostics.filter { $0.severity == .error }.count
    guard errors > 0 else { return }
    printToStandardError("warning: the course has \(errors) error\(errors == 1 ? "" : "s"); run `cachebook lint` to see them")
}
