import CachebookCourse
import CachebookMarkdown
import CachebookNotebook
import CachebookSite
import CachebookTerminal
import Foundation

/// What each fuzz target does with one input. The libFuzzer executables (`make fuzz`) call these,
/// and the regression tests replay the inputs that once crashed them, so a fix stays fixed.
///
/// Every entry must return normally for any bytes: a trap, a hang or a runaway allocation is a bug.
public enum FuzzEntries {
    /// The targets by name, as `make fuzz` and the regression inputs' folders name them.
    public static let all: [(name: String, run: @Sendable ([UInt8]) -> Void)] = [
        ("scenario", scenario), ("course-files", courseFiles), ("exercise", exercise), ("lesson-pipeline", lessonPipeline),
    ]

    /// A scenario. The first byte picks the transcript width, so wrapping and the adaptive
    /// event-log layout are fuzzed too; the rest is parsed, run when it parses, and rendered as
    /// the text a lesson shows.
    public static func scenario(_ input: [UInt8]) {
        guard let (first, rest) = split(input) else { return }
        guard let scenario = try? ScenarioParser.parse(String(decoding: rest, as: UTF8.self)) else { return }
        let run = ScenarioRunner(showsChanges: first & 1 == 0).run(scenario)
        _ = ScenarioTranscript(width: width(first)).text(run)
    }

    /// A lesson file (front matter and body) when the first byte is even, a `course.yml` when it
    /// is odd; both through the loader's own code, then the course-wide checks lint runs.
    public static func courseFiles(_ input: [UInt8]) {
        guard let (first, rest) = split(input) else { return }
        let loader = CourseLoader(rootDirectory: root, workingDirectory: root)
        var diagnostics: [Diagnostic] = []
        var course: Course
        if first % 2 == 0 {
            course = emptyCourse
            if let lesson = loader.lesson(fromFile: lessonFile, data: Data(rest), phases: course.phases, into: &diagnostics) {
                course.lessons = [lesson]
            }
        } else {
            course = loader.course(fromCourseFile: Data(rest), into: &diagnostics)
        }
        diagnostics += CourseValidator(course: course, courseFilePath: "course.yml", checksEmptyPhases: true).validate()
        _ = diagnostics.sortedByLocation().map(\.description)
    }

    /// An exercise block's YAML, optionally followed by a line `---answer` and a learner's
    /// answer. When the exercise parses, the answer is checked and the solution shown, as
    /// `cachebook check` and `cachebook solution` do.
    public static func exercise(_ input: [UInt8]) {
        let text = String(decoding: input, as: UTF8.self)
        let parts = text.split(separator: "\n---answer\n", maxSplits: 1, omittingEmptySubsequences: false)
        let yaml = String(parts.first ?? "")
        let lineCount = yaml.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        let block = ExerciseBlock(yaml: yaml, range: SourceRange(start: SourcePosition(line: 10, column: 1),
                                                                 end: SourcePosition(line: 11 + lineCount, column: 3)))
        guard let exercise = ExerciseParser.parse(block, lessonPath: "lesson.md").0 else { return }
        let answer = parts.count > 1 ? String(parts[1]) : ""
        if case .scenario(let challenge) = exercise.kind {
            _ = try? challenge.check(answer, path: "answer.cachelab", exerciseLocation: FileLocation(path: "lesson.md", line: 10))
            return
        }
        for expectedNumber in [nil, 0.5, 1e300] as [Double?] {
            _ = exercise.check(answer, expectedNumber: expectedNumber)
            _ = exercise.solutionText(expectedNumber: expectedNumber)
        }
    }

    /// A whole lesson file, the way `cachebook read` and `cachebook build` take it: loaded (or,
    /// if its front matter is unusable, read as a draft), made a notebook, its blocks run, then
    /// rendered for the terminal and as HTML. The first byte picks the terminal width, colour,
    /// and whether raw HTML is allowed.
    public static func lessonPipeline(_ input: [UInt8]) {
        guard let (first, rest) = split(input) else { return }
        var course = emptyCourse
        var diagnostics: [Diagnostic] = []
        let lesson = CourseLoader(rootDirectory: root, workingDirectory: root)
            .lesson(fromFile: lessonFile, data: Data(rest), phases: course.phases, into: &diagnostics)
            ?? Lesson(id: "draft", title: "Draft", phase: "foundations", order: 1, duration: LessonDuration(minutes: 5),
                      file: lessonFile, displayPath: "lesson.md", coursePath: "foundations/lesson.md",
                      body: String(decoding: rest, as: UTF8.self), bodyLineOffset: 0)
        course.lessons = [lesson]
        let notebook = LessonNotebook(lesson: lesson)
        let page = LessonPageRenderer.notebookPage(notebook, in: course, width: width(first), databaseDirectory: nil)
        _ = TerminalStyler(isColorEnabled: first & 1 == 0).render(page)
        let html = LessonHTML(notebook: notebook, courseID: course.id, allowsRawHTML: first & 2 == 0, databaseDirectory: nil)
        let body = html.body()
        // Marker characters must never survive into a page, whatever the lesson holds.
        for rendered in [body.html(), body.html(idPrefix: "print--", root: "")] {
            precondition(!rendered.utf8.contains { $0 == 1 || $0 == 2 }, "a marker was left in the HTML")
        }
        _ = html.searchSections(headings: body.headings)
    }

    // MARK: Helpers

    private static let root = URL(fileURLWithPath: "/fuzz/course")
    private static let lessonFile = root.appendingPathComponent("foundations/lesson.md")
    private static var emptyCourse: Course { Course(id: "fuzz", title: "Fuzz", phases: Phase.standard, rootDirectory: root) }

    /// The control byte and the payload after it.
    private static func split(_ input: [UInt8]) -> (UInt8, ArraySlice<UInt8>)? {
        guard let first = input.first else { return nil }
        return (first, input.dropFirst())
    }

    /// Terminal widths from 20 to 200 columns.
    private static func width(_ control: UInt8) -> Int { 20 + Int(control) % 181 }
}
