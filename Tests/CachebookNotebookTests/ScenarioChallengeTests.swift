@testable import CachebookNotebook
import CacheLab
import CachebookCourse
import Testing

// MARK: - Helpers

/// Where the exercise block is, for problems in its own lines.
private let exerciseLocation = FileLocation(path: "Lessons/core/write-back.md", line: 40, column: 1)

/// A challenge with a small cache and a write-heavy workload, so patterns make a difference.
private func challenge(
    prefix: String = "cache capacity=10",
    workload: String = "workload zipf keys=100 requests=1000 writes=0.5\nstats",
    goals: [String] = ["db-writes <= 400", "lost-writes == 0"]
) -> ScenarioChallenge {
    ScenarioChallenge(prefix: prefix, workload: workload, goals: goals.map { Goal(parsing: $0)! })
}

/// Checks `source` against `challenge`, which must not throw.
private func check(_ source: String, against challenge: ScenarioChallenge = challenge(),
                   sourceLocation: SourceLocation = #_sourceLocation) throws -> ChallengeResult {
    do {
        return try challenge.check(source, path: "my.lab", exerciseLocation: exerciseLocation)
    } catch {
        Issue.record("\(error)", sourceLocation: sourceLocation)
        throw error
    }
}

/// The diagnostic `check` throws for `source`.
private func problem(_ source: String, against challenge: ScenarioChallenge = challenge(),
                     sourceLocation: SourceLocation = #_sourceLocation) -> Diagnostic? {
    do {
        let result = try challenge.check(source, path: "my.lab", exerciseLocation: exerciseLocation)
        Issue.record("expected a problem, but the check ran: \(result.goals.map(\.summary))", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

// MARK: - Tests

@Suite("A scenario challenge runs the learner's configuration between fixed lines")
struct ScenarioChallengeOrderTests {
    @Test func fixedSettingsWinOverTheLearners() throws {
        let result = try check("cache capacity=500 policy=lfu", against: challenge(goals: ["peak-size <= 10"]))
        // The learner's policy stays; the exercise's capacity wins.
        #expect(result.transcript.contains("· cache-aside · lfu, capacity 10\n"))
        #expect(result.goals.map(\.measured) == [10])
        #expect(result.isMet)
    }

    @Test func theExercisesPatternWinsToo() throws {
        let result = try check("pattern write-back batch=20", against: challenge(prefix: "pattern read-through"))
        #expect(result.transcript.contains("· read-through · lru, capacity 100\n"))
    }

    @Test func warmLinesRunAfterTheConfigurationAndBeforeTheWorkload() throws {
        // Written first, `warm` would end the configuration and the exercise's own `cache` line
        // after it would not parse; moved, it runs right before the workload.
        let warmed = try check("warm top=5 zipf keys=100\ncache policy=lru", against: challenge(goals: ["hits >= 0"]))
        let text = warmed.transcript
        #expect(text.hasPrefix("warmed the 5 most requested keys of zipf alpha=1.0 keys=100 requests=1000 seed=1\n"))
        let warm = try #require(text.range(of: "warmed the"))
        let workload = try #require(text.range(of: "workload zipf"))
        #expect(warm.lowerBound < workload.lowerBound)
        let cold = try check("cache policy=lru", against: challenge(goals: ["hits >= 0"]))
        #expect(try #require(warmed.goals.first).measured > cold.goals.first!.measured, "warming saves some misses")
    }

    @Test func learnersMayConfigureEverythingButSteps() throws {
        let source = """
            # my answer
            cache policy=sieve ttl=1m
            store memory read=2ms write=2ms
            fault fail-writes next=1
            pattern write-back batch=20 flush=2s
            clients web

            seed 3
            db key:0=mine
            warm key:0
            """
        let text = try check(source).transcript
        // Each setting took effect: the store's 2ms reads, the seed and client of the workload,
        // the policy and pattern, the injected failure and its retry.
        #expect(text.hasPrefix("warmed 1 key at t=2ms: key:0\n"))
        #expect(text.contains("seed=3 by web: 1000"))
        #expect(text.contains("· write-back · sieve, capacity 10\n"))
        #expect(text.contains("1 failed write"))
        #expect(text.contains("1 retry,"))
    }

    @Test func anEmptyFileRunsTheExerciseAsItIs() throws {
        let result = try check("")
        #expect(result.transcript.contains("· cache-aside · lru, capacity 10\n"))
        #expect(result.goals.map(\.summary) == ["db-writes = 527 (goal: <= 400, missed by 127)", "lost-writes = 0 (goal: == 0, met)"])
    }

    @Test func checkingTwiceGivesTheSameResult() throws {
        let first = try check("pattern write-back batch=20")
        let second = try check("pattern write-back batch=20")
        #expect(first.transcript == second.transcript)
        #expect(first.goals == second.goals)
    }
}

@Suite("Goals are measured on the run")
struct ScenarioChallengeGoalTests {
    @Test func goalsAreMetOrMissed() throws {
        let result = try check("pattern write-back batch=20", against: challenge(goals: ["db-writes <= 400", "lost-writes == 0", "hit-ratio >= 0.99"]))
        #expect(result.goals.map(\.isMet) == [true, true, false])
        #expect(!result.isMet)
        #expect(result.goals.map(\.summary) == [
            "db-writes = 352 (goal: <= 400, met)",
            "lost-writes = 0 (goal: == 0, met)",
            "hit-ratio = 0.412262 (goal: >= 0.99, missed by 0.577738)",
        ])
        #expect(result.transcript.contains("· write-back · lru, capacity 10\n"))
    }

    @Test func aSolutionMeetsEveryGoal() throws {
        let result = try check("pattern write-back batch=20")
        #expect(result.isMet)
        #expect(result.goals.map(\.goal.description) == ["db-writes <= 400", "lost-writes == 0"])
    }

    @Test func theSameGoalsMissWithoutTheSolution() throws {
        let result = try check("pattern write-through")
        #expect(!result.isMet)
        #expect(result.goals[0].measured == 527)
    }

    @Test(arguments: [
        ("db-writes <= 50", 73.0, false, "db-writes = 73 (goal: <= 50, missed by 23)"),
        ("db-writes <= 50", 50.0, true, "db-writes = 50 (goal: <= 50, met)"),
        ("hit-ratio >= 0.8", 0.85, true, "hit-ratio = 0.85 (goal: >= 0.8, met)"),
        ("hit-ratio >= 0.8", 0.5, false, "hit-ratio = 0.5 (goal: >= 0.8, missed by 0.3)"),
        ("lost-writes == 0", 3.0, false, "lost-writes = 3 (goal: == 0, missed by 3)"),
        ("p99-read < 10", 12.5, false, "p99-read = 12.5 (goal: < 10, missed by 2.5)"),
    ])
    func summariesSayByHowMuchAGoalWasMissed(goal: String, measured: Double, isMet: Bool, summary: String) throws {
        let goal = try #require(Goal(parsing: goal))
        #expect(goal.comparison.holds(measured, goal.target) == isMet)
        #expect(ChallengeResult.GoalResult(goal: goal, measured: measured, isMet: isMet).summary == summary)
    }

    @Test func anUnknownMetricIsTheExercisesProblem() throws {
        let diagnostic = try #require(problem("", against: challenge(goals: ["bogus >= 1"])))
        #expect(diagnostic.message == "goal `bogus >= 1` names an unknown metric")
        #expect(diagnostic.location == exerciseLocation)
        #expect(diagnostic.hint.hasPrefix("unknown metric \"bogus\"; known metrics: hits, misses, hit-ratio"))
    }
}

@Suite("Problems are reported in the learner's file, or at the exercise")
struct ScenarioChallengeProblemTests {
    @Test func aStepInTheLearnersFileIsRefusedAtItsLine() throws {
        let diagnostic = try #require(problem("cache capacity=5\n\n  get user:1\n"))
        #expect(diagnostic == Diagnostic(.error, path: "my.lab", line: 3, column: 3,
                                         message: "`get` cannot be used here: the exercise runs the workload itself",
                                         hint: "configure the cache, the store and the pattern (and `warm` it if you like); the steps are fixed"))
    }

    @Test(arguments: ["workload zipf requests=10", "put a 1", "flush", "together", "stats", "advance 1s"])
    func onlyConfigurationAndWarmingAreAllowed(line: String) throws {
        let diagnostic = try #require(problem("cache capacity=5\n" + line))
        let word = line.split(separator: " ")[0]
        #expect(diagnostic.message == "`\(word)` cannot be used here: the exercise runs the workload itself")
        #expect(diagnostic.location == FileLocation(path: "my.lab", line: 2, column: 1))
    }

    @Test func aClientsOperationIsAStepToo() throws {
        let diagnostic = try #require(problem("cache capacity=5\nalice get user:1"))
        #expect(diagnostic.message == "`get` cannot be used here: the exercise runs the workload itself")
        #expect(diagnostic.location == FileLocation(path: "my.lab", line: 2, column: 7))
    }

    @Test func anUnknownWordIsAnUnknownCommand() throws {
        let diagnostic = try #require(problem("cache capacity=5\ngett a"))
        #expect(diagnostic.message == "unknown command `gett`")
        #expect(diagnostic.hint.hasPrefix("your file may use `cache`"))
    }

    @Test func aParseErrorPointsAtTheLearnersLineAndColumn() throws {
        let diagnostic = try #require(problem("# my answer\n\ncache capacty=10\npattern write-back"))
        #expect(diagnostic == Diagnostic(.error, path: "my.lab", line: 3, column: 7,
                                         message: "`cache` has no option `capacty`", hint: "did you mean `capacity`?"))
    }

    @Test func aWarmLineErrorPointsAtTheWarmLine() throws {
        let late = try #require(problem("cache capacity=50\n\nwarm top=0 zipf keys=10"))
        #expect(late.location == FileLocation(path: "my.lab", line: 3, column: 10))
        #expect(late.message == "`top=0` is below the minimum of 1")
        // A `warm` line moved after the configuration keeps its own line number.
        let early = try #require(problem("warm\ncache capacity=5\npattern read-through"))
        #expect(early.location == FileLocation(path: "my.lab", line: 1, column: 1))
        #expect(early.message == "`warm` needs keys to warm")
    }

    @Test func anErrorInTheFixedWorkloadIsReportedAtTheExercise() throws {
        let diagnostic = try #require(problem("pattern write-back", against: challenge(workload: "workload zipf keys=10")))
        #expect(diagnostic == Diagnostic(.error, path: exerciseLocation.path, line: 40, column: 1,
                                         message: "the exercise's fixed lines do not parse: a workload needs `requests=N`",
                                         hint: "this is a problem in the lesson, not in your file: write it like `workload zipf keys=1000 alpha=1.0 requests=10000`"))
    }

    @Test func anErrorInTheFixedPrefixIsReportedAtTheExercise() throws {
        let diagnostic = try #require(problem("cache capacity=5\n\n", against: challenge(prefix: "cache capacity=0")))
        #expect(diagnostic.location == exerciseLocation)
        #expect(diagnostic.message == "the exercise's fixed lines do not parse: `capacity=0` is below the minimum of 1")
        #expect(diagnostic.hint.hasPrefix("this is a problem in the lesson, not in your file: "))
    }

    @Test func aConfigurationTheParserRefusesPointsAtTheLearnersLine() throws {
        let diagnostic = try #require(problem("cache ttl=5s\npattern read-through refresh-ahead=1"))
        #expect(diagnostic.message == "`refresh-ahead=` takes a fraction between 0 and 1, not 1")
        #expect(diagnostic.location == FileLocation(path: "my.lab", line: 2, column: 36))
    }

}

@Suite("Challenge checks that once misreported stay right")
struct ScenarioChallengeRegressionTests {
    @Test func aMisspelledCommandGetsASuggestion() throws {
        let diagnostic = try #require(problem("cahce capacity=5"))
        #expect(diagnostic.location == FileLocation(path: "my.lab", line: 1, column: 1))
        #expect(diagnostic.message == "unknown command `cahce`")
        #expect(diagnostic.hint == "did you mean `cache`?")
    }

    @Test func aFailingFixedWorkloadIsReportedAtTheExercise() throws {
        let diagnostic = try #require(problem("cache capacity=5", against: challenge(workload: "workload hotspot hot-keys=1 requests=10")))
        #expect(diagnostic.message == "the exercise's workload stopped: hotspot needs a hot key fraction in (0, 1) and a hot request fraction in [0, 1]")
        #expect(diagnostic.location == exerciseLocation)
    }
}
