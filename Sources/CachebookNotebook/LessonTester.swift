import CacheLab
import CachebookCourse
import Foundation

/// What `cachebook test` found in one lesson: each runnable block's output against the
/// expected, each exercise's answer checked, and the edits that `--update` would make.
public struct LessonTestReport: Sendable {
    public enum BlockStatus: Sendable, Hashable {
        case passed
        /// The output differs from the `output` block: a unified diff.
        case mismatch(diff: String)
        /// There is no `output` block to compare with.
        case missingOutput
        /// The scenario did not parse or stopped.
        case failed(Diagnostic)
    }

    public struct BlockResult: Sendable {
        public var block: RunnableBlock
        public var status: BlockStatus
        public var actualOutput: String
    }

    public struct ExerciseResult: Sendable {
        public var exercise: Exercise
        /// `nil` when the exercise checks out.
        public var problem: Diagnostic?
    }

    public var lesson: Lesson
    public var blocks: [BlockResult]
    public var exercises: [ExerciseResult]
    /// The notebook's own problems: exercises that do not parse, unknown metrics, …
    public var diagnostics: [Diagnostic]
    /// Exercise blocks that did not parse (or repeat an id), so have no result of their own;
    /// they count as failed exercises.
    public var unreadableExercises: Int = 0

    /// Every exercise block of the lesson, read or not.
    public var exerciseCount: Int { exercises.count + unreadableExercises }
    /// The exercises that check out.
    public var passedExercises: Int { exercises.filter { $0.problem == nil }.count }

    public var passed: Bool {
        !diagnostics.containsErrors && blocks.allSatisfy { $0.status == .passed } && exercises.allSatisfy { $0.problem == nil }
    }

    /// The edits that bring every `output` block in line with the actual output, adding the
    /// missing ones. Blocks that failed to run are left alone.
    public var outputEdits: [OutputBlockEdit] {
        blocks.compactMap { result in
            switch result.status {
            case .mismatch:
                guard let expected = result.block.expectedOutput else { return nil }
                return OutputBlockEdit(.replace(openingLine: expected.range.start.line, closingLine: expected.range.end.line), content: result.actualOutput)
            case .missingOutput:
                return OutputBlockEdit(.insert(afterLine: result.block.range.end.line, openingLine: result.block.range.start.line), content: result.actualOutput)
            case .passed, .failed:
                return nil
            }
        }
    }
}

extension LessonNotebook {
    /// Runs every block and checks every exercise.
    ///
    /// - Parameter databaseDirectory: Where SQLite databases go; use a scratch folder.
    /// - Complexity: that of the lesson's scenarios.
    public func test(databaseDirectory: URL?) -> LessonTestReport {
        var executions: [String: BlockExecution] = [:]
        var blocks: [LessonTestReport.BlockResult] = []
        for (block, scenario) in zip(cells.runnableBlocks, scenarios) {
            let execution = block.execute(lessonPath: lesson.displayPath, databaseDirectory: databaseDirectory, parsed: scenario)
            if let id = block.id { executions[id] = execution }
            let status: LessonTestReport.BlockStatus
            if let diagnostic = execution.diagnostic {
                status = .failed(diagnostic)
            } else if let expected = block.expectedOutput {
                let diff = UnifiedDiff.diff(
                    expected: expected.text, actual: execution.output,
                    expectedLabel: "\(lesson.displayPath):\(expected.range.start.line + 1) (expected output of \(block.displayName))",
                    actualLabel: "actual output", expectedFirstLine: expected.range.start.line + 1)
                status = diff.isEmpty ? .passed : .mismatch(diff: diff)
            } else {
                status = .missingOutput
            }
            blocks.append(LessonTestReport.BlockResult(block: block, status: status, actualOutput: execution.output))
        }
        let exercises = self.exercises.map { exercise in
            // An exercise lint already faulted (an unknown metric, a missing solution file) is not
            // checked again: its problem is among the notebook's diagnostics.
            let known = diagnostics.first { $0.severity == .error && $0.path == exercise.location.path && $0.line == exercise.location.line }
            return LessonTestReport.ExerciseResult(exercise: exercise, problem: known ?? verify(exercise, executions: executions, databaseDirectory: databaseDirectory))
        }
        return LessonTestReport(lesson: lesson, blocks: blocks, exercises: exercises, diagnostics: diagnostics,
                                unreadableExercises: cells.exerciseBlocks.count - exercises.count)
    }

    /// The number a computed answer stands for, by running its block; `nil` for exercises
    /// without a computed answer.
    public func expectedNumber(for exercise: Exercise, databaseDirectory: URL?) throws(Diagnostic) -> Double? {
        guard case .number(let question) = exercise.kind, case .computed(let blockID, let metric) = question.answer else {
            return nil
        }
        guard let block = runnableBlock(withID: blockID) else {
            throw Diagnostic.error("exercise `\(exercise.id)` computes its answer from block `\(blockID)`, which this lesson does not have",
                                   at: exercise.location, hint: "add `id=\(blockID)` to a `cachelab` block")
        }
        return try metricValue(metric, of: block.execute(lessonPath: lesson.displayPath, databaseDirectory: databaseDirectory), for: exercise)
    }

    /// The reference solution of a scenario exercise: inline, or read from its file next to
    /// the lesson.
    public func solutionSource(of challenge: ScenarioChallenge, exercise: Exercise) throws(Diagnostic) -> (source: String, path: String) {
        if let solution = challenge.solution { return (solution, lesson.displayPath + " (solution of \(exercise.id))") }
        guard let name = challenge.solutionFile else {
            throw Diagnostic.error("exercise `\(exercise.id)` has no reference solution", at: exercise.location,
                                   hint: "add `solution: |` or `solution-file:`")
        }
        guard let url = lesson.solutionFile(named: name), let data = FileManager.default.contents(atPath: url.path),
              let text = try? SourceText(decoding: data).text else {
            throw Diagnostic.error("cannot read the solution file `\(name)` of exercise `\(exercise.id)`", at: exercise.location,
                                   hint: "put the file in the lesson's folder, next to \(lesson.file.lastPathComponent)")
        }
        return (text, url.path)
    }

    private func verify(_ exercise: Exercise, executions: [String: BlockExecution], databaseDirectory: URL?) -> Diagnostic? {
        switch exercise.kind {
        case .number(let question):
            guard case .computed(let blockID, let metric) = question.answer else { return nil }
            guard let execution = executions[blockID] else { return nil }  // reported by the notebook's diagnostics
            do {
                _ = try metricValue(metric, of: execution, for: exercise)
                return nil
            } catch {
                return error
            }
        case .scenario(let challenge):
            do {
                let (source, path) = try solutionSource(of: challenge, exercise: exercise)
                let result = try challenge.check(source, path: path, exerciseLocation: exercise.location, databaseDirectory: databaseDirectory)
                guard result.isMet else {
                    return .error("the reference solution of exercise `\(exercise.id)` misses its goals: "
                                  + result.goals.filter { !$0.isMet }.map(\.summary).joined(separator: "; "),
                                  at: exercise.location, hint: "fix the solution or the goals so that the solution meets every goal")
                }
                return nil
            } catch {
                return error
            }
        default:
            return nil
        }
    }

    private func metricValue(_ metric: String, of execution: BlockExecution, for exercise: Exercise) throws(Diagnostic) -> Double {
        guard let run = execution.run, execution.diagnostic == nil else {
            throw execution.diagnostic ?? .error("\(execution.block.displayName) did not run", at: exercise.location, hint: "run `cachebook test`")
        }
        do {
            return try run.metric(metric)
        } catch {
            throw Diagnostic.error("exercise `\(exercise.id)`: \(error)", at: exercise.location, hint: "use one of the metric names listed")
        }
    }
}
