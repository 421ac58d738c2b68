import CachebookCourse
import CachebookNotebook
import CachebookProgress
import Foundation

/// A course opened for a command: its lessons, their notebooks, and the learner's progress.
struct CourseWorkspace {
    let loaded: LoadedCourse
    let store: ProgressStore
    let environment: [String: String]

    var course: Course { loaded.course }

    /// Where scenarios keep their SQLite databases: next to the progress file, so a learner
    /// can open them with `sqlite3` after a run.
    var databaseDirectory: URL {
        Self.databaseDirectory(besides: store)
    }

    static func databaseDirectory(besides store: ProgressStore) -> URL {
        store.fileURL.deletingLastPathComponent().appendingPathComponent("databases")
    }

    /// The progress file `--state` names, else the default one. Commands without `--state`
    /// pass `nil`.
    static func progressStore(_ state: StateOptions?, environment: [String: String]) -> ProgressStore {
        ProgressStore(fileURL: state?.stateFile.map { URL(fileURLWithPath: $0) } ?? ProgressStore.defaultFileURL(environment: environment))
    }

    static func open(course: CourseOptions, state: StateOptions?, environment: [String: String]) throws -> CourseWorkspace {
        let loaded = try CourseLocation.load(from: course, environment: environment)
        return CourseWorkspace(loaded: loaded, store: progressStore(state, environment: environment), environment: environment)
    }

    /// Every lesson as a notebook, in course order.
    func notebooks() -> [LessonNotebook] {
        course.lessons.map(LessonNotebook.init(lesson:))
    }

    /// The learner's progress in this course. Problems with the file are warnings: a learner
    /// can always read on.
    func readProgress() -> CourseProgress {
        do {
            let (progress, warnings) = try store.read()
            warnings.forEach { printToStandardError("warning: \($0)") }
            return progress[course: course.id]
        } catch {
            printToStandardError("warning: \(error)")
            return CourseProgress()
        }
    }

    /// Changes this course's progress atomically and returns the result of `change`.
    @discardableResult
    func updateProgress<Result>(_ change: (inout CourseProgress) throws -> Result) throws -> Result {
        do {
            let (result, warnings) = try store.update { progress in try change(&progress[course: course.id]) }
            warnings.forEach { printToStandardError("warning: \($0)") }
            return result
        } catch let error as ProgressStore.StoreError {
            throw CommandFailure(message: error.description, hint: error.hint)
        }
    }

    func completion(progress: CourseProgress) -> CourseCompletion {
        let exercises = Dictionary(uniqueKeysWithValues: notebooks().map { ($0.lesson.id, $0.exercises.map(\.id)) })
        return CourseCompletion(course: course, progress: progress, exercises: exercises)
    }

    /// Finds a lesson by id or unique prefix, or fails with a hint.
    func lesson(_ reference: String) throws -> Lesson {
        switch course.findLesson(reference) {
        case .found(let lesson):
            return lesson
        case .notFound(let suggestion):
            throw CommandFailure(message: "no lesson `\(reference)` in the course",
                                 hint: suggestion.map { "did you mean `\($0)`?" } ?? "run `cachebook list` to see the lesson ids")
        case .ambiguous(let ids):
            throw CommandFailure(message: "`\(reference)` could be any of " + ids.map { "`\($0)`" }.joined(separator: ", "),
                                 hint: "type more of the id")
        }
    }
}

/// Asks a yes/no question on the terminal. Without a terminal there is nobody to ask, so the
/// caller must have been given `--yes`.
func confirm(_ question: String, assumeYes: Bool) throws -> Bool {
    if assumeYes { return true }
    guard isatty(STDIN_FILENO) != 0 else {
        throw CommandFailure(message: "this needs a confirmation and there is no terminal to ask", hint: "pass --yes to go ahead")
    }
    FileHandle.standardOutput.write(Data("\(question) [y/N] ".utf8))
    let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
    return answer == "y" || answer == "yes"
}
