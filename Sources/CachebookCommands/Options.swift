import ArgumentParser
import CachebookTerminal
import Foundation

/// Where the course is.
struct CourseOptions: ParsableArguments {
    @Option(name: .customLong("course"), help: ArgumentHelp(
        "The course folder, holding course.yml and the lessons. Defaults to $CACHEBOOK_COURSE, else ./Lessons.",
        valueName: "dir"))
    var courseDirectory: String?
}

/// How output looks in the terminal.
struct DisplayOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Wrap text to this many columns (\(TerminalEnvironment.minimumWidth)–\(TerminalEnvironment.maximumWidth)). Defaults to $COLUMNS, else the terminal's width, else 80.",
        valueName: "columns"))
    var width: Int?

    @Flag(help: "Never use color. Setting $NO_COLOR does the same.")
    var noColor = false

    @Flag(help: "Print everything at once instead of through $PAGER (default: less -R).")
    var noPager = false

    func validate() throws {
        if let width, !(TerminalEnvironment.minimumWidth...TerminalEnvironment.maximumWidth).contains(width) {
            throw ValidationError("--width must be between \(TerminalEnvironment.minimumWidth) and \(TerminalEnvironment.maximumWidth), not \(width).")
        }
    }
}

/// Where the learner's progress is kept.
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state"), help: ArgumentHelp(
        "The progress file. Defaults to $CACHEBOOK_STATE, else $XDG_STATE_HOME/cachebook/progress.json, else ~/.local/state/cachebook/progress.json.",
        valueName: "file"))
    var stateFile: String?
}
