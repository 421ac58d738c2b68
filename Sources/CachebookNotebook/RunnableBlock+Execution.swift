import CacheLab
import CachebookCourse
import Foundation

/// The outcome of running one runnable block.
public struct BlockExecution {
    public var block: RunnableBlock
    /// The run, when the scenario parsed.
    public var run: ScenarioRun?
    /// A parse error or a failed step, at its line and column in the lesson file.
    public var diagnostic: Diagnostic?
    /// The plain-text output: the transcript, or the error.
    public var output: String
}

extension RunnableBlock {
    /// The output width a block asks for with `width=`, else 80.
    public var outputWidth: Int {
        info.attributes["width"].flatMap(Int.init).map { min(max($0, 40), 200) } ?? 80
    }

    /// Parses and runs the block.
    ///
    /// - Parameters:
    ///   - lessonPath: The lesson file as shown in messages.
    ///   - databaseDirectory: Where `store sqlite file=NAME` databases go; `nil` keeps them in memory.
    ///   - width: The output width; the block's own (`width=`, else 80) when `nil`.
    ///   - parsed: The block's scenario, if it was parsed already (``LessonNotebook/scenarios``).
    /// - Complexity: that of the scenario.
    public func execute(lessonPath: String, databaseDirectory: URL? = nil, width: Int? = nil, backends: RealBackends = RealBackends(),
                        parsed: Scenario? = nil) -> BlockExecution {
        let scenario: Scenario
        if let parsed {
            scenario = parsed
        } else {
            do {
                scenario = try ScenarioParser.parse(source)
            } catch {
                let diagnostic = fileDiagnostic(error, lessonPath: lessonPath)
                return BlockExecution(block: self, run: nil, diagnostic: diagnostic,
                                      output: "error: \(error.message)\n  hint: \(error.hint)\n")
            }
        }
        let runner = ScenarioRunner(showsChanges: info.attributes["show"] == "state-diff", databaseDirectory: databaseDirectory)
        let run = runner.run(scenario, backends: backends)
        let diagnostic = run.failure.map { failure in
            Diagnostic.error("\(displayName) stopped: \(failure.message)",
                             at: FileLocation(path: lessonPath, line: firstSourceLine + failure.line - 1, column: range.start.column),
                             hint: "change the step on this line; the limits are in docs/lesson-format.md")
        }
        return BlockExecution(block: self, run: run, diagnostic: diagnostic, output: ScenarioTranscript(width: width ?? outputWidth).text(run))
    }

    /// `diagnostic`, moved from scenario coordinates to the lesson file's.
    public func fileDiagnostic(_ diagnostic: ScenarioDiagnostic, lessonPath: String) -> Diagnostic {
        Diagnostic(.error, path: lessonPath, line: firstSourceLine + diagnostic.line - 1,
                   column: range.start.column + diagnostic.column - 1, message: diagnostic.message, hint: diagnostic.hint)
    }
}
