import ArgumentParser
import CachebookCourse
import CachebookNotebook
import CachebookTerminal
import Foundation

/// `cachebook test`: lint, then run every runnable block against its expected output and check
/// every exercise, like a doctest.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run every runnable block, compare its output with the expected output, and check every exercise.",
        discussion: """
            Also runs `cachebook lint`. A block whose output differs is shown as a unified diff \
            with the file and line; the command exits with 1 if anything fails. --update rewrites \
            the `output` blocks in place (adding missing ones) and leaves every other byte alone.
            """
    )

    @Argument(help: ArgumentHelp("Lesson ids or unique prefixes. Without any, every lesson is tested.", valueName: "lesson"))
    var lessons: [String] = []

    @Flag(help: "Rewrite the expected `output` blocks with the actual output.")
    var update = false

    @Option(name: .customLong("junit"), help: ArgumentHelp("Also write the results as JUnit XML to this file.", valueName: "file"))
    var junitFile: String?

    @Flag(help: "Print only failures and the summary; no progress line.")
    var quiet = false

    @OptionGroup var course: CourseOptions

    @Flag(help: "Never use color. Setting $NO_COLOR does the same.")
    var noColor = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let workspace = try CourseWorkspace.open(course: course, state: nil, environment: environment)
        let check = CourseCheck(workspace: workspace)
        let styler = TerminalStyler(isColorEnabled: TerminalEnvironment.current(variables: environment).isColorEnabled(noColorFlag: noColor))
        var selected = check.notebooks
        if !lessons.isEmpty {
            // Paths are drafts outside the course; ids and prefixes name the course's lessons.
            var drafts: [LessonNotebook] = []
            for path in lessons where ReadCommand.looksLikePath(path) {
                let url = URL(fileURLWithPath: path)
                do {
                    drafts.append(LessonNotebook(lesson: try DraftFile.read(url).lesson(file: url, displayPath: path)))
                } catch {
                    throw CommandFailure(message: error.message, hint: error.hint)
                }
            }
            let ids = try lessons.filter { !ReadCommand.looksLikePath($0) }.map { try workspace.lesson($0).id }
            selected = check.notebooks.filter { ids.contains($0.lesson.id) } + drafts
        }
        let lint = workspace.loaded.diagnostics
        var out = DiagnosticReport.render(lint, styler: styler)

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cachebook-test-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let progress = ProgressLine(total: selected.count, quiet: quiet)
        var reports: [LessonTestReport] = []
        for (index, notebook) in selected.enumerated() {
            progress.update(index, notebook.lesson.id)
            reports.append(notebook.test(databaseDirectory: scratch))
        }
        progress.finish()

        var updatedBlocks = 0
        if update {
            var updatedLessons: Set<String> = []
            for report in reports where !report.outputEdits.isEmpty {
                try apply(report.outputEdits, to: report.lesson)
                updatedBlocks += report.outputEdits.count
                updatedLessons.insert(report.lesson.id)
            }
            if !updatedLessons.isEmpty {
                // Test the rewritten lessons again, from the files as they are now.
                let reloaded = try CourseLocation.load(from: course, environment: environment).course
                for index in reports.indices where updatedLessons.contains(reports[index].lesson.id) {
                    let old = reports[index].lesson
                    let lesson: Lesson? = old.phase == "draft"
                        ? (try? DraftFile.read(old.file))?.lesson(file: old.file, displayPath: old.displayPath)
                        : reloaded.lesson(withID: old.id)
                    guard let lesson else { continue }
                    reports[index] = LessonNotebook(lesson: lesson).test(databaseDirectory: scratch)
                }
            }
        }
        for report in reports {
            out += describe(report, styler: styler)
        }
        if let junitFile {
            do {
                try JUnitReport.xml(reports, lint: lint).write(toFile: junitFile, atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure(message: "cannot write \(junitFile)", hint: "check that its folder exists and is writable")
            }
        }
        let failedLessons = reports.filter { !$0.passed }.count
        let failedBlocks = reports.flatMap(\.blocks).filter { $0.status != .passed }.count
        let passedExercises = reports.map(\.passedExercises).reduce(0, +)
        let blocks = reports.flatMap(\.blocks).count, exercises = reports.map(\.exerciseCount).reduce(0, +)
        out += "\n"
        if updatedBlocks > 0 { out += "Updated \(updatedBlocks) output block\(updatedBlocks == 1 ? "" : "s").\n" }
        let passedAll = failedLessons == 0 && !lint.containsErrors
        let summary = "\(reports.count - failedLessons) of \(reports.count) lessons pass · \(blocks - failedBlocks) of \(blocks) blocks match · \(passedExercises) of \(exercises) exercises check out"
        out += styler.render(StyledText(summary, style: passedAll ? .success : .failure)) + "\n"
        let outdatedBlocks = reports.flatMap(\.outputEdits).count
        if outdatedBlocks > 0 && !update {
            out += "If the new output is right, accept it with `cachebook test --update`.\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        if !passedAll { throw ExitCode.problemsFound }
    }

    private func describe(_ report: LessonTestReport, styler: TerminalStyler) -> String {
        var text = ""
        let mark = report.passed ? styler.render(StyledText("✓", style: .success)) : styler.render(StyledText("✗", style: .failure))
        if !quiet || !report.passed {
            text += "\(mark) \(report.lesson.id): \(report.blocks.count) block\(report.blocks.count == 1 ? "" : "s"), \(report.exerciseCount) exercise\(report.exerciseCount == 1 ? "" : "s")\n"
        }
        text += DiagnosticReport.render(report.diagnostics, styler: styler)
        for block in report.blocks {
            switch block.status {
            case .passed:
                break
            case .mismatch(let diff):
                text += styler.render(StyledText("\(report.lesson.displayPath):\(block.block.range.start.line): error: the output of \(block.block.displayName) differs from its expected output", style: .failure)) + "\n"
                text += diff.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    styler.render(StyledText(String(line), style: line.hasPrefix("+") ? .success : line.hasPrefix("-") ? .failure : []))
                }.joined(separator: "\n")
            case .missingOutput:
                text += styler.render(StyledText("\(report.lesson.displayPath):\(block.block.range.start.line): error: \(block.block.displayName) has no `output` block to check", style: .failure)) + "\n"
                text += "  hint: add one with `cachebook test --update`, which writes the actual output after the block\n"
            case .failed(let diagnostic):
                // A block that does not parse is already among the notebook's diagnostics.
                if !report.diagnostics.contains(diagnostic) { text += DiagnosticReport.render([diagnostic], styler: styler) }
            }
        }
        for exercise in report.exercises {
            if let problem = exercise.problem, !report.diagnostics.contains(problem) { text += DiagnosticReport.render([problem], styler: styler) }
        }
        return text
    }

    private func apply(_ edits: [OutputBlockEdit], to lesson: Lesson) throws {
        do {
            let data = try Data(contentsOf: lesson.file)
            try OutputBlockUpdater.apply(edits, to: data).write(to: lesson.file, options: .atomic)
        } catch {
            throw CommandFailure(message: "cannot update \(lesson.displayPath): \(error.localizedDescription)", hint: "check that the file is writable")
        }
    }
}
