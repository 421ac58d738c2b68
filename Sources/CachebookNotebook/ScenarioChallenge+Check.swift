import CacheLab
import CachebookCourse
import Foundation

/// How a learner's scenario did against a challenge's goals.
public struct ChallengeResult: Sendable {
    public struct GoalResult: Sendable, Hashable {
        public var goal: Goal
        public var measured: Double
        public var isMet: Bool
    }

    public var goals: [GoalResult]
    /// The run's output, to show the learner what happened.
    public var transcript: String

    public var isMet: Bool { goals.allSatisfy(\.isMet) }
}

extension ScenarioChallenge {
    /// Commands a learner's file may use: configuration, rows in the store, and warming.
    static let learnerCommands = ScenarioParser.configurationCommands + ["db", "warm"]

    /// Runs the learner's `source` between the challenge's fixed lines and measures the goals.
    ///
    /// The learner's configuration comes first and the exercise's `prefix` after it, so the
    /// settings always win; then the learner's `warm` lines; then the fixed `workload`.
    /// - Parameter path: The learner's file, as shown in messages.
    /// - Throws: A ``Diagnostic`` at the learner's line for a problem in their file, or at
    ///   `exerciseLocation` for one in the exercise's own lines.
    public func check(_ source: String, path: String, exerciseLocation: FileLocation, databaseDirectory: URL? = nil) throws(Diagnostic) -> ChallengeResult {
        var segments: [(origin: Origin, lines: [String])] = []
        var configurationLines: [(Int, String)] = []
        var warmLines: [(Int, String)] = []
        for (index, line) in source.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let text = String(line)
            let firstWord = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
            if firstWord == "warm" {
                warmLines.append((index + 1, text))
            } else if firstWord.isEmpty || firstWord.hasPrefix("#") || Self.learnerCommands.contains(firstWord) {
                configurationLines.append((index + 1, text))
            } else {
                let column = text.distance(from: text.startIndex, to: text.firstIndex(where: { $0 != " " && $0 != "\t" }) ?? text.startIndex) + 1
                let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if words.count > 1, ScenarioParser.operationCommands.contains(String(words[1])) {
                    // `alice get user:1`: a client's operation, which is a step too.
                    let operationColumn = text.distance(from: text.startIndex, to: words[1].startIndex) + 1
                    throw Diagnostic.error("`\(words[1])` cannot be used here: the exercise runs the workload itself",
                                           at: FileLocation(path: path, line: index + 1, column: operationColumn),
                                           hint: "configure the cache, the store and the pattern (and `warm` it if you like); the steps are fixed")
                }
                let location = FileLocation(path: path, line: index + 1, column: column)
                guard ScenarioParser.allCommands.contains(firstWord) else {
                    throw Diagnostic.error("unknown command `\(firstWord)`", at: location,
                                           hint: ClosestMatch.suggestion(for: firstWord, among: Self.learnerCommands).map { "did you mean `\($0)`?" }
                                            ?? "your file may use " + Self.learnerCommands.map { "`\($0)`" }.joined(separator: ", "))
                }
                throw Diagnostic.error("`\(firstWord)` cannot be used here: the exercise runs the workload itself", at: location,
                                       hint: "configure the cache, the store and the pattern (and `warm` it if you like); the steps are fixed")
            }
        }
        segments.append((.learner(configurationLines.map(\.0)), configurationLines.map(\.1)))
        segments.append((.fixed, prefix.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)))
        segments.append((.learner(warmLines.map(\.0)), warmLines.map(\.1)))
        segments.append((.fixed, workload.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)))
        let combined = segments.flatMap(\.lines).joined(separator: "\n")

        func locate(_ line: Int, column: Int) -> FileLocation? {
            var remaining = line
            for segment in segments {
                if remaining <= segment.lines.count {
                    if case .learner(let numbers) = segment.origin {
                        return FileLocation(path: path, line: numbers[remaining - 1], column: column)
                    }
                    return nil
                }
                remaining -= segment.lines.count
            }
            return nil
        }

        let scenario: Scenario
        do {
            scenario = try ScenarioParser.parse(combined)
        } catch {
            if let location = locate(error.line, column: error.column) {
                throw Diagnostic.error(error.message, at: location, hint: error.hint)
            }
            throw Diagnostic.error("the exercise's fixed lines do not parse: \(error.message)", at: exerciseLocation,
                                   hint: "this is a problem in the lesson, not in your file: \(error.hint)")
        }
        let run = ScenarioRunner(databaseDirectory: databaseDirectory).run(scenario)
        if let failure = run.failure {
            guard let location = locate(failure.line, column: 1) else {
                throw Diagnostic.error("the exercise's workload stopped: \(failure.message)", at: exerciseLocation,
                                       hint: "change your configuration so the workload can run within the limits")
            }
            throw Diagnostic.error("the scenario stopped: \(failure.message)", at: location,
                                   hint: "change your configuration so the workload can run")
        }
        var results: [ChallengeResult.GoalResult] = []
        for goal in goals {
            let measured: Double
            do {
                measured = try run.metric(goal.metric)
            } catch {
                throw Diagnostic.error("goal `\(goal)` names an unknown metric", at: exerciseLocation, hint: "\(error)")
            }
            results.append(ChallengeResult.GoalResult(goal: goal, measured: measured, isMet: goal.comparison.holds(measured, goal.target)))
        }
        return ChallengeResult(goals: results, transcript: ScenarioTranscript().text(run))
    }

    private enum Origin {
        /// Lines from the learner's file, with their line numbers there.
        case learner([Int])
        case fixed
    }
}

extension ChallengeResult.GoalResult {
    /// `db-writes = 73 (goal: <= 50, missed by 23)`.
    public var summary: String {
        let value = NumberFormatting.plain(measured)
        if isMet { return "\(goal.metric) = \(value) (goal: \(goal.comparison.rawValue) \(NumberFormatting.plain(goal.target)), met)" }
        let gap = NumberFormatting.plain(abs(measured - goal.target))
        return "\(goal.metric) = \(value) (goal: \(goal.comparison.rawValue) \(NumberFormatting.plain(goal.target)), missed by \(gap))"
    }
}
