import ArgumentParser
import CachebookCourse
import CachebookNotebook
import CachebookTerminal
import Foundation

/// `cachebook run`: runs a lesson's blocks, or a learner's own scenario file.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a lesson's runnable blocks, or your own scenario file, and print the output.",
        discussion: """
            Scenarios are deterministic: the same file prints the same output on every run. \
            See docs/lesson-format.md for the scenario language. SQLite databases named with \
            `store sqlite file=NAME` are kept next to your progress file (or in --db-dir), so \
            you can open them with sqlite3 after a run.

            Examples:
              cachebook run read-through       run every block of a lesson
              cachebook run --file my.lab      experiment with your own scenario
            """
    )

    @Argument(help: ArgumentHelp("A lesson id or unique prefix.", valueName: "lesson"))
    var lesson: String?

    @Option(name: .customLong("file"), help: ArgumentHelp("Run this scenario file instead of a lesson.", valueName: "file"))
    var file: String?

    @Option(name: .customLong("db-dir"), help: ArgumentHelp(
        "Where SQLite databases of `store sqlite file=NAME` go. Defaults to a databases/ folder next to the progress file.",
        valueName: "dir"))
    var databaseDirectory: String?

    @OptionGroup var course: CourseOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var display: DisplayOptions

    func validate() throws {
        if (lesson == nil) == (file == nil) {
            throw ValidationError("Give a lesson or --file, not both and not neither.")
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let output = TerminalOutput(display: display, variables: environment)
        let databases = databaseDirectory.map { URL(fileURLWithPath: $0) }
            ?? CourseWorkspace.databaseDirectory(besides: CourseWorkspace.progressStore(state, environment: environment))
        if let file {
            let source: String
            do {
                source = try SourceText(decoding: try Data(contentsOf: URL(fileURLWithPath: file))).text
            } catch {
                throw CommandFailure(message: "cannot read \(file)", hint: "check the path; scenario files are UTF-8 text")
            }
            let block = RunnableBlock(scenarioFile: source)
            let execution = block.execute(lessonPath: file, databaseDirectory: databases)
            if let diagnostic = execution.diagnostic, execution.run == nil {
                printToStandardError(diagnostic.description)
                throw ExitCode.problemsFound
            }
            output.write(ScenarioOutputStyle.lines(execution.output))
            if let diagnostic = execution.diagnostic {
                printToStandardError(diagnostic.description)
                throw ExitCode.problemsFound
            }
            return
        }
        let workspace = try CourseWorkspace.open(course: course, state: state, environment: environment)
        let notebook = LessonNotebook(lesson: try workspace.lesson(lesson ?? ""))
        guard !notebook.cells.runnableBlocks.isEmpty else {
            print("“\(notebook.lesson.title)” has no runnable blocks.")
            return
        }
        var lines: [StyledLine] = []
        var failed = false
        for (index, block) in notebook.cells.runnableBlocks.enumerated() {
            if index > 0 { lines.append(StyledLine()) }
            let title = block.title ?? "Block \(index + 1)"
            lines.append(StyledLine([StyledText("▶ " + title, style: .heading),
                                     StyledText("  (\(notebook.lesson.displayPath):\(block.range.start.line))", style: .muted)]))
            let execution = block.execute(lessonPath: notebook.lesson.displayPath, databaseDirectory: databases)
            lines += ScenarioOutputStyle.lines(execution.output)
            failed = failed || execution.diagnostic != nil
        }
        output.write(lines)
        if failed { throw ExitCode.problemsFound }
    }
}
