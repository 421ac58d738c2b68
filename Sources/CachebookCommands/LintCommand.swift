import ArgumentParser
import CachebookCourse
import CachebookTerminal
import Foundation

/// `cachebook lint`: every problem in the course, in one run.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check the course for problems and report them all.",
        discussion: """
            Each problem is printed as `path:line:col: error: what is wrong`, followed by a \
            `hint:` line saying how to fix it. Exits with 1 if there is any error, 0 if there \
            are only warnings or nothing.
            """
    )

    @OptionGroup var course: CourseOptions

    @Flag(help: "Never use color. Setting $NO_COLOR does the same.")
    var noColor = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let loaded = try CourseLocation.load(from: course, environment: environment)
        let styler = TerminalStyler(isColorEnabled: TerminalEnvironment.current(variables: environment).isColorEnabled(noColorFlag: noColor))
        var report = ""
        for diagnostic in loaded.diagnostics {
            let style: TextStyle = diagnostic.severity == .error ? .failure : .warning
            report += styler.render(StyledText(diagnostic.headline, style: style)) + "\n"
            report += styler.render(StyledText("  hint: " + diagnostic.hint, style: .muted)) + "\n"
        }
        let errors = loaded.diagnostics.filter { $0.severity == .error }.count
        let warnings = loaded.diagnostics.count - errors
        let lessons = loaded.course.lessons.count
        if loaded.diagnostics.isEmpty {
            report += "No problems found in \(lessons) lesson\(lessons == 1 ? "" : "s").\n"
        } else {
            report += "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s") in \(lessons) lesson\(lessons == 1 ? "" : "s").\n"
        }
        FileHandle.standardOutput.write(Data(report.utf8))
        if errors > 0 { throw ExitCode.problemsFound }
    }
}
