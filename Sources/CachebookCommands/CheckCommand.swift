import ArgumentParser
import CachebookCourse
import CachebookNotebook
import CachebookProgress
import CachebookTerminal
import Foundation

/// `cachebook check`: checks exercise answers, offers hints, and records progress.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check your answer to an exercise.",
        discussion: """
            With an answer, checks it and exits with 0 if it is right, 1 if not. Without one, asks \
            for answers on the terminal and offers the hints one at a time (an empty answer shows \
            the next hint). Without an exercise, lists the lesson's exercises.

            Scenario exercises are answered with a file: --file my.lab, and --watch checks it \
            again every time you save it.

            Examples:
              cachebook check read-through stampede-reads 1
              cachebook check use-case tune-sessions --file sessions.lab --watch
            """
    )

    @Argument(help: ArgumentHelp("A lesson id or unique prefix.", valueName: "lesson"))
    var lesson: String

    @Argument(help: ArgumentHelp("The exercise id, or a unique prefix of one.", valueName: "exercise"))
    var exercise: String?

    // Collected from whatever no option claims, so that a negative number (`-3.5`) is an
    // answer rather than an unknown option; validate() still refuses other `-` words.
    @Argument(parsing: .allUnrecognized,
              help: ArgumentHelp("Your answer: a choice (b), several (a,c), a number (-3.5 too) or some words.", valueName: "answer"))
    var answer: [String] = []

    @Option(name: .customLong("file"), help: ArgumentHelp("Your scenario file, for a scenario exercise.", valueName: "file"))
    var file: String?

    @Flag(help: "Show the next hint of the exercise.")
    var hint = false

    @Flag(help: "With --file: check again every time the file is saved, until every goal is met.")
    var watch = false

    @OptionGroup var course: CourseOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var display: DisplayOptions

    func validate() throws {
        if let option = answer.first(where: { $0.hasPrefix("-") && AnswerNormalization.number($0) == nil }) {
            throw ValidationError("Unknown option '\(option)'.")
        }
        if exercise == nil && !answer.isEmpty { throw ValidationError("Name the exercise before the answer.") }
        if watch && file == nil { throw ValidationError("--watch needs --file.") }
        if (file != nil || hint) && exercise == nil { throw ValidationError("Name the exercise to check.") }
        if file != nil && !answer.isEmpty { throw ValidationError("Give an answer or --file, not both.") }
        if hint && (file != nil || !answer.isEmpty) { throw ValidationError("--hint shows a hint; check an answer separately.") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let workspace = try CourseWorkspace.open(course: course, state: state, environment: environment)
        let notebook = LessonNotebook(lesson: try workspace.lesson(lesson))
        let output = TerminalOutput(display: display, variables: environment)
        let session = ExerciseSession(workspace: workspace, notebook: notebook, output: output)
        guard let exercise else {
            try session.listExercises()
            return
        }
        let found = try session.exercise(exercise)
        if hint {
            try session.showNextHint(found)
        } else if let file {
            try session.checkFile(found, path: file, watch: watch)
        } else if !answer.isEmpty {
            try session.check(found, answer: answer.joined(separator: " "))
        } else {
            try session.ask(found)
        }
    }
}

/// `cachebook solution`: shows an exercise's answer, recorded as revealed rather than passed.
struct SolutionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solution",
        abstract: "Reveal an exercise's answer and explanation.",
        discussion: "Asks first, unless --yes is given. The exercise is then recorded as revealed, not passed: answer it yourself to pass it."
    )

    @Argument(help: ArgumentHelp("A lesson id or unique prefix.", valueName: "lesson"))
    var lesson: String

    @Argument(help: ArgumentHelp("The exercise id, or a unique prefix of one.", valueName: "exercise"))
    var exercise: String

    @Flag(name: .shortAndLong, help: "Do not ask for confirmation.")
    var yes = false

    @OptionGroup var course: CourseOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var display: DisplayOptions

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let workspace = try CourseWorkspace.open(course: course, state: state, environment: environment)
        let notebook = LessonNotebook(lesson: try workspace.lesson(lesson))
        let session = ExerciseSession(workspace: workspace, notebook: notebook, output: TerminalOutput(display: display, variables: environment))
        try session.reveal(try session.exercise(exercise), confirmed: yes)
    }
}

/// The work behind `check` and `solution`: finding exercises, checking answers, recording them.
struct ExerciseSession {
    let workspace: CourseWorkspace
    let notebook: LessonNotebook
    let output: TerminalOutput

    private var presenter: ExercisePresenter { ExercisePresenter(width: output.width) }
    private var lessonID: String { notebook.lesson.id }

    /// An exercise by id or unique prefix.
    func exercise(_ reference: String) throws -> Exercise {
        if let exact = notebook.exercise(withID: reference) { return exact }
        let matches = notebook.exercises.filter { $0.id.hasPrefix(reference) }
        if matches.count == 1 { return matches[0] }
        let ids = notebook.exercises.map(\.id)
        guard matches.isEmpty else {
            throw CommandFailure(message: "`\(reference)` could be any of " + matches.map { "`\($0.id)`" }.joined(separator: ", "), hint: "type more of the id")
        }
        throw CommandFailure(
            message: "no exercise `\(reference)` in “\(notebook.lesson.title)”",
            hint: ClosestMatch.suggestion(for: reference, among: ids).map { "did you mean `\($0)`?" }
                ?? (ids.isEmpty ? "this lesson has no exercises" : "its exercises are " + ids.map { "`\($0)`" }.joined(separator: ", ")))
    }

    func listExercises() throws {
        let progress = workspace.readProgress()[lesson: lessonID]
        guard !notebook.exercises.isEmpty else {
            print("“\(notebook.lesson.title)” has no exercises.")
            return
        }
        var lines = [StyledLine("Exercises in “\(notebook.lesson.title)”", style: .strong)]
        for exercise in notebook.exercises {
            let status = progress[exercise: exercise.id].status
            let (box, style): (String, TextStyle) = switch status {
            case .passed: ("[x]", .success)
            case .revealed: ("[?]", .warning)
            case .attempted: ("[-]", .warning)
            case .notAttempted: ("[ ]", .muted)
            }
            lines.append(StyledLine([StyledText("  \(box) ", style: style), StyledText(exercise.id, style: .code),
                                     StyledText("  (\(exercise.kind.name)) ", style: .muted), StyledText(status.rawValue, style: style)]))
        }
        lines += TextWrapper.wrap([StyledText("Answer with ", style: .muted), StyledText("cachebook check \(lessonID) EXERCISE ANSWER", style: .code),
                                   StyledText(", or leave out the answer to be asked.", style: .muted)], width: output.width)
        output.write(lines)
    }

    func showNextHint(_ exercise: Exercise) throws {
        let shown = try workspace.updateProgress { progress -> Int in
            let shown = progress[lesson: lessonID][exercise: exercise.id].hintsShown
            if shown < exercise.hints.count { progress[lesson: lessonID][exercise: exercise.id].hintsShown = shown + 1 }
            progress.recordActivity(on: lessonID, at: Date())
            return shown
        }
        output.write(presenter.hint(exercise, index: shown))
    }

    /// Checks one typed answer and exits with 1 if it is wrong.
    func check(_ exercise: Exercise, answer: String) throws {
        if case .scenario = exercise.kind {
            throw CommandFailure(message: "`\(exercise.id)` is answered with a scenario file",
                                 hint: "write your scenario in a file and run `cachebook check \(lessonID) \(exercise.id) --file FILE`")
        }
        let feedback = exercise.check(answer, expectedNumber: try expectedNumber(exercise))
        let hintsShown = try record(exercise, correct: feedback.isCorrect)
        output.write(presenter.feedback(feedback, for: exercise, hintsShown: hintsShown, lessonID: lessonID))
        if !feedback.isCorrect { throw ExitCode.problemsFound }
    }

    /// Asks for answers until one is right or the learner stops (end of input), offering hints
    /// in between. Reads from the terminal, or line by line from piped input.
    func ask(_ exercise: Exercise) throws {
        if case .scenario = exercise.kind {
            output.write(presenter.question(exercise, lessonID: lessonID))
            return
        }
        let isInteractive = isatty(STDIN_FILENO) != 0
        output.write(presenter.question(exercise, lessonID: lessonID))
        let expected = try expectedNumber(exercise)
        var attempted = false
        var hintsShown = workspace.readProgress()[lesson: lessonID][exercise: exercise.id].hintsShown
        while true {
            if isInteractive {
                FileHandle.standardOutput.write(Data("\nYour answer (empty for a hint, Ctrl-D to stop): ".utf8))
            }
            guard let line = readLine() else { break }
            let answer = line.trimmingCharacters(in: .whitespaces)
            if answer.isEmpty || answer == "?" {
                if hintsShown < exercise.hints.count {
                    output.write(presenter.hint(exercise, index: hintsShown))
                    hintsShown += 1
                    try workspace.updateProgress { $0[lesson: lessonID][exercise: exercise.id].hintsShown = hintsShown }
                } else {
                    output.write([StyledLine("There are no more hints. `cachebook solution \(lessonID) \(exercise.id)` shows the answer.", style: .muted)])
                }
                continue
            }
            attempted = true
            let feedback = exercise.check(answer, expectedNumber: expected)
            hintsShown = try record(exercise, correct: feedback.isCorrect)
            output.write(presenter.feedback(feedback, for: exercise, hintsShown: hintsShown, lessonID: lessonID))
            if feedback.isCorrect { return }
        }
        guard attempted else {
            throw CommandFailure(message: "no answer given",
                                 hint: "answer with `cachebook check \(lessonID) \(exercise.id) ANSWER`, or run it in a terminal to be asked")
        }
        throw ExitCode.problemsFound
    }

    /// Checks a scenario file against the exercise's goals, once or on every save.
    func checkFile(_ exercise: Exercise, path: String, watch: Bool) throws {
        guard case .scenario(let challenge) = exercise.kind else {
            throw CommandFailure(message: "`\(exercise.id)` is a \(exercise.kind.name) exercise, not a scenario one",
                                 hint: "answer it with `cachebook check \(lessonID) \(exercise.id) ANSWER`")
        }
        guard watch else {
            if try !checkScenario(exercise, challenge, path: path) { throw ExitCode.problemsFound }
            return
        }
        printToStandardError("Watching \(path): save it to check again, Ctrl-C to stop.")
        var lastModified: Date?
        while true {
            let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate]) as? Date
            if modified != lastModified {
                lastModified = modified
                if (try? checkScenario(exercise, challenge, path: path)) == true { return }
                printToStandardError("Waiting for \(path) to change…")
            }
            usleep(200_000)
        }
    }

    /// Returns whether every goal is met.
    private func checkScenario(_ exercise: Exercise, _ challenge: ScenarioChallenge, path: String) throws -> Bool {
        let source = try ScenarioFile.read(path)
        let result: ChallengeResult
        do {
            result = try challenge.check(source, path: path, exerciseLocation: exercise.location,
                                         databaseDirectory: workspace.databaseDirectory)
        } catch {
            output.write([StyledLine(error.headline, style: .failure), StyledLine("  hint: " + error.hint, style: .muted)])
            return false
        }
        var lines = [StyledLine("Goals", style: .strong)]
        for goal in result.goals {
            lines.append(StyledLine([StyledText(goal.isMet ? "  ✓ " : "  ✗ ", style: goal.isMet ? .success : .failure), StyledText(goal.summary)]))
        }
        let hintsShown = try record(exercise, correct: result.isMet)
        lines += presenter.feedback(ExerciseFeedback(isCorrect: result.isMet), for: exercise, hintsShown: hintsShown, lessonID: lessonID)
        output.write(lines)
        return result.isMet
    }

    func reveal(_ exercise: Exercise, confirmed: Bool) throws {
        guard try confirm("Show the solution of `\(exercise.id)`? It is recorded as revealed, not passed.", assumeYes: confirmed) else {
            print("Nothing was shown.")
            return
        }
        var expected: Double?
        if case .scenario(let challenge) = exercise.kind, challenge.solution == nil {
            let (source, _) = try solutionFile(of: challenge, exercise)
            output.write([StyledLine("Solution of \(exercise.id):", style: .strong)] + ScenarioOutputStyle.lines(source))
        } else {
            expected = try expectedNumber(exercise)
            output.write([StyledLine("Solution of \(exercise.id):", style: .strong)] + ScenarioOutputStyle.lines(exercise.solutionText(expectedNumber: expected)))
        }
        if !exercise.explanation.isEmpty { output.write([StyledLine()] + presenter.markdown(exercise.explanation)) }
        try workspace.updateProgress { progress in
            progress[lesson: lessonID][exercise: exercise.id].recordReveal(at: Date())
            progress.recordActivity(on: lessonID, at: Date())
        }
    }

    private func solutionFile(of challenge: ScenarioChallenge, _ exercise: Exercise) throws -> (String, String) {
        do {
            return try notebook.solutionSource(of: challenge, exercise: exercise)
        } catch {
            throw CommandFailure(message: error.message, hint: error.hint)
        }
    }

    private func expectedNumber(_ exercise: Exercise) throws -> Double? {
        do {
            return try notebook.expectedNumber(for: exercise, databaseDirectory: workspace.databaseDirectory)
        } catch {
            throw CommandFailure(message: "the answer of `\(exercise.id)` cannot be computed: \(error.message)", hint: "run `cachebook test` to see what is wrong with the lesson")
        }
    }

    /// Records an attempt and returns how many hints the learner has seen.
    private func record(_ exercise: Exercise, correct: Bool) throws -> Int {
        try workspace.updateProgress { progress -> Int in
            let now = Date()
            progress[lesson: lessonID][exercise: exercise.id].recordAttempt(correct: correct, at: now)
            progress.recordActivity(on: lessonID, at: now)
            return progress[lesson: lessonID][exercise: exercise.id].hintsShown
        }
    }
}
