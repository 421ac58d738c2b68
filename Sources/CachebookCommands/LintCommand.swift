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
        let workspace = try CourseWorkspace.open(course: course, state: nil, environment: environment)
        let diagnostics = CourseCheck(workspace: workspace).diagnostics
        let styler = TerminalStyler(isColorEnabled: TerminalEnvironment.current(variables: environment).isColorEnabled(noColorFlag: noColor))
        FileHandle.standardOutput.write(Data((DiagnosticReport.render(diagnostics, styler: styler)
            + DiagnosticReport.summary(diagnostics, lessons: workspace.course.lessons.count) + "\n").utf8))
        if diagnostics.containsErrors { throw ExitCode.problemsFound }
    }
}

/// Diagnostics as lint prints them: the headline, then the hint.
enum DiagnosticReport {
    static func render(_ diagnostics: [Diagnostic], styler: TerminalStyler) -> String {
        var report = ""
        for diagnostic in diagnostics {
            let style: TextStyle = diagnostic.severity == .error ? .failure : .warning
            report += styler.render(StyledText(diagnostic.headline, style: style)) + "\n"
            report += styler.render(StyledText("  hint: " + diagnostic.hint, style: .muted)) + "\n"
        }
        return report
    }

    /// `No problems found in 8 lessons.` or `2 errors, 1 warning in 8 lessons.`
    static func summary(_ diagnostics: [Diagnostic], lessons: Int) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        let lessonText = "\(lessons) lesson\(lessons == 1 ? "" : "s")"
        if diagnostics.isEmpty { return "No problems found in \(lessonText)." }
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s") in \(lessonText)."
    }
}
