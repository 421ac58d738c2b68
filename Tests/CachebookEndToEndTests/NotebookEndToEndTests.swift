import Foundation
import Testing

/// The fixture course with every notebook feature.
private let notebookCourse = endToEndFixtures.appendingPathComponent("notebook-course").path

/// Runs cachebook against the notebook fixture course with the given progress file.
private func runNotebook(_ arguments: [String], state: String, stdin: String? = nil) throws -> ProcessResult {
    try runCachebook(arguments + ["--course", notebookCourse], environment: ["CACHEBOOK_STATE": state], stdin: stdin)
}

@Suite("Runnable blocks run, in lessons and in learners' files")
struct RunEndToEndTests {
    @Test func aScenarioFilePrintsTheSameBytesInSeparateProcesses() throws {
        let scenario = """
            clients reader writer
            store read=10ms write=2ms jitter=1ms
            cache capacity=2 policy=random
            pattern cache-aside
            db price=10 stock=3 name=widget
            together
              reader get price
              +1ms writer put price 12
            end
            reader get price
            reader get stock
            reader get name
            workload zipf keys=50 requests=200 writes=0.1 client=reader
            stats
            trace
            """
        try withTemporaryFile(scenario, named: "race.lab") { url throws in
            let first = try runCachebook(["run", "--file", url.path])
            let second = try runCachebook(["run", "--file", url.path])
            #expect(first.status == 0)
            #expect(first.stdout == second.stdout)
            #expect(first.stdout.contains("stale"))
            #expect(first.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
        }
    }

    @Test func aMistakeInAScenarioFilePointsAtItsLineWithASuggestion() throws {
        try withTemporaryFile("cache capacity=2\ngett user:1\n", named: "typo.lab") { url throws in
            let result = try runCachebook(["run", "--file", url.path])
            #expect(result.status == 1)
            #expect(result.stderr == "\(url.path):2:1: error: unknown command `gett`\n  hint: did you mean `get`?\n")
        }
    }

    @Test func aWorkloadOverTheLimitIsRefusedClearly() throws {
        try withTemporaryFile("workload zipf keys=10 requests=10^12\n", named: "huge.lab") { url throws in
            let result = try runCachebook(["run", "--file", url.path])
            #expect(result.status == 1)
            #expect(result.stderr.contains(":1:32: error: `requests=10^12` is over the limit of 1000000"))
        }
    }

    @Test func testReportsEachBrokenExerciseOnceAndCountsItAsFailed() throws {
        let body = "# One\n\n```cachelab id=b\nget a\n```\n\n"
            + "```exercise\nid: speed\ntype: number\nprompt: P\nanswer: {from: b, metric: speed}\n```\n\n"
            + "```exercise\nid: fine\ntype: text\nprompt: P\nanswer: x\n```\n\n```exercise\nid: essay\ntype: essay\nprompt: P\n```\n"
        try TemporaryCourse.with(["foundations/one.md": TemporaryCourse.lesson(id: "one", body: body)]) { course in
            let result = try runCachebook(["test", "--course", course.path], currentDirectory: URL(fileURLWithPath: course.path))
            #expect(result.status == 1)
            #expect(result.stdout.components(separatedBy: "unknown metric").count == 2,
                    "the unknown metric is reported once: \(result.stdout)")
            #expect(result.stdout.contains("✗ one: 1 block, 3 exercises"))
            #expect(result.stdout.contains("1 of 3 exercises check out"))
        }
    }

    @Test func lintFindsAMissingSolutionFileWithoutRunningAnything() throws {
        let exercise = "```exercise\nid: tune\ntype: scenario\nprompt: Tune it.\nworkload: get a\ngoals: [misses <= 1]\nsolution-file: tune.lab\n```\n"
        let lesson = TemporaryCourse.lesson(id: "tuning", body: "# Tuning\n\n" + exercise)
        try TemporaryCourse.with(["foundations/tuning.md": lesson]) { course in
            let lint = try runCachebook(["lint", "--course", course.path], currentDirectory: URL(fileURLWithPath: course.path))
            #expect(lint.status == 1)
            #expect(lint.stdout.contains("foundations/tuning.md:11:1: error: cannot read the solution file `tune.lab` of exercise `tune`"), "\(lint.stdout)")
            try course.write("cache capacity=10\n", to: "foundations/tune.lab")
            let fixed = try runCachebook(["lint", "--course", course.path], currentDirectory: URL(fileURLWithPath: course.path))
            #expect(fixed.status == 0, "\(fixed.stdout)")
        }
    }

    @Test func aLessonsBlocksRunWithTheirTitles() throws {
        let result = try runCachebook(["run", "notebook", "--course", notebookCourse])
        #expect(result.status == 0)
        #expect(result.stdout.contains("▶ Cache-aside basics"))
        #expect(result.stdout.contains("CRASH at t="))
        #expect(result.stdout.contains("hit ratio, cache size 50:"))
    }

    @Test func readShowsComputedOutputAndQuestionsNotYAML() throws {
        let result = try runNotebook(["read", "notebook", "--width", "80"], state: temporaryStateFile())
        #expect(result.status == 0)
        #expect(result.stdout.contains("▶ Cache-aside basics"))
        #expect(result.stdout.contains("stats at t=49ms"))
        #expect(result.stdout.contains("Exercise pick-pattern (choice)"))
        #expect(result.stdout.contains("cachebook check notebook pick-pattern ANSWER"))
        #expect(!result.stdout.contains("type: choice"))
        #expect(!result.stdout.contains("```"))
    }
}

@Suite("cachebook test checks outputs and exercises, and --update fixes outputs in place")
struct DoctestEndToEndTests {
    /// A copy of the notebook fixture course in a temporary folder.
    private func withCourseCopy(_ body: (URL) throws -> Void) throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("cachebook-doctest-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: notebookCourse), to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        try body(copy)
    }

    @Test func theFixtureCoursePasses() throws {
        let result = try runCachebook(["test", "--course", notebookCourse])
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("1 of 1 lessons pass · 4 of 4 blocks match · 8 of 8 exercises check out\n"))
    }

    @Test func aChangedOutputFailsWithADiffAndUpdateRestoresTheFileExactly() throws {
        try withCourseCopy { copy in
            let lesson = copy.appendingPathComponent("foundations/notebook.md")
            let original = try Data(contentsOf: lesson)
            let text = String(decoding: original, as: UTF8.self)
            try Data(text.replacingOccurrences(of: "1 hit, 3 misses, hit ratio 25.0%", with: "1 hit, 3 misses, hit ratio 99.0%").utf8).write(to: lesson)

            let failing = try runCachebook(["test", "--course", copy.path, "--junit", copy.appendingPathComponent("junit.xml").path])
            #expect(failing.status == 1)
            #expect(failing.stdout.contains("error: the output of block `basics` differs from its expected output"))
            #expect(failing.stdout.contains("-  cache    1 hit, 3 misses, hit ratio 99.0%"))
            #expect(failing.stdout.contains("+  cache    1 hit, 3 misses, hit ratio 25.0%"))
            let junit = try String(contentsOf: copy.appendingPathComponent("junit.xml"), encoding: .utf8)
            #expect(junit.contains("<testsuite name=\"notebook\" tests=\"12\" failures=\"1\">"))
            // The root counts test cases: the course's lint case and the lesson's twelve.
            #expect(junit.contains("<testsuites name=\"cachebook\" tests=\"13\" failures=\"1\">"))

            let updated = try runCachebook(["test", "--course", copy.path, "--update"])
            #expect(updated.status == 0)
            #expect(updated.stdout.contains("Updated 1 output block."))
            #expect(try Data(contentsOf: lesson) == original)
        }
    }

    @Test func aMissingOutputBlockFailsAndUpdateAddsIt() throws {
        try withCourseCopy { copy in
            let lesson = copy.appendingPathComponent("foundations/notebook.md")
            let text = try String(contentsOf: lesson, encoding: .utf8)
            let withoutRaceOutput = text.replacingOccurrences(
                of: #"(```cachelab id=race\n(?:.*\n)*?```\n)\n?```output\n(?:.*\n)*?```\n"#, with: "$1", options: .regularExpression)
            #expect(withoutRaceOutput != text)
            try Data(withoutRaceOutput.utf8).write(to: lesson)
            let failing = try runCachebook(["test", "--course", copy.path])
            #expect(failing.status == 1)
            #expect(failing.stdout.contains("error: block `race` has no `output` block to check"))
            #expect(try runCachebook(["test", "--course", copy.path, "--update"]).status == 0)
            let restored = try String(contentsOf: lesson, encoding: .utf8)
            #expect(restored.contains("```cachelab id=race"))
            #expect(try runCachebook(["test", "--course", copy.path]).status == 0)
        }
    }
}

@Suite("cachebook check answers exercises and records progress")
struct CheckEndToEndTests {
    @Test func rightAndWrongAnswersExitZeroAndOne() throws {
        let state = temporaryStateFile()
        let wrong = try runNotebook(["check", "notebook", "pick-pattern", "a"], state: state)
        #expect(wrong.status == 1)
        #expect(wrong.stdout.contains("✗ Not quite."))
        #expect(wrong.stdout.contains("Write-back acknowledges first and writes later."))
        #expect(wrong.stdout.contains("cachebook check notebook pick-pattern --hint"))
        let right = try runNotebook(["check", "notebook", "pick-pattern", "b"], state: state)
        #expect(right.status == 0)
        #expect(right.stdout.contains("✓ Correct!"))
        #expect(right.stdout.contains("Write-through keeps the database current"))
    }

    @Test func everyKindOfAnswer() throws {
        let state = temporaryStateFile()
        #expect(try runNotebook(["check", "notebook", "lossy", "c,a"], state: state).status == 0)
        #expect(try runNotebook(["check", "notebook", "lossy", "a"], state: state).stdout.contains("You picked 1 of the 2 correct choices."))
        #expect(try runNotebook(["check", "notebook", "term", "Request", "Coalescing"], state: state).status == 0)
        #expect(try runNotebook(["check", "notebook", "misses", "3"], state: state).status == 0)
        #expect(try runNotebook(["check", "notebook", "misses", "4"], state: state).stdout.contains("Too high."))
        #expect(try runNotebook(["check", "notebook", "lost", "3"], state: state).status == 0)
        #expect(try runNotebook(["check", "notebook", "fixed", "2000.4"], state: state).status == 0)
        // A negative number is an answer, not an option; a word that looks like an option is not.
        let negative = try runNotebook(["check", "notebook", "misses", "-3"], state: state)
        #expect(negative.status == 1)
        #expect(negative.stdout.contains("Too low."))
        let typo = try runNotebook(["check", "notebook", "misses", "3", "--hnt"], state: state)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("Unknown option '--hnt'"))
    }

    @Test func hintsComeOneAtATime() throws {
        let state = temporaryStateFile()
        #expect(try runNotebook(["check", "notebook", "pick", "--hint"], state: state).stdout.contains("Hint 1 of 2"))
        #expect(try runNotebook(["check", "notebook", "pick", "--hint"], state: state).stdout.contains("Hint 2 of 2"))
        #expect(try runNotebook(["check", "notebook", "pick", "--hint"], state: state).stdout.contains("There are no more hints"))
    }

    @Test func withoutAnAnswerItAsksAndOffersHints() throws {
        let result = try runNotebook(["check", "notebook", "term"], state: temporaryStateFile(), stdin: "\nlocking\nsingle-flight\n")
        #expect(result.status == 0)
        #expect(result.stdout.contains("Hint 1 of 1"))
        #expect(result.stdout.contains("✗ Not quite."))
        #expect(result.stdout.contains("✓ Correct!"))
        let silent = try runNotebook(["check", "notebook", "term"], state: temporaryStateFile(), stdin: "")
        #expect(silent.status == 2)
        #expect(silent.stderr.hasPrefix("error: no answer given"))
    }

    @Test func scenarioFilesAreCheckedAgainstTheGoals() throws {
        let state = temporaryStateFile()
        try withTemporaryFile("cache capacity=5\n", named: "small.lab") { url throws in
            let missed = try runNotebook(["check", "notebook", "tune", "--file", url.path], state: state)
            #expect(missed.status == 1)
            #expect(missed.stdout.contains("✗ hit-ratio = "))
            #expect(missed.stdout.contains("(goal: >= 0.5, missed by"))
        }
        try withTemporaryFile("cache capacity=40 policy=lfu\n", named: "big.lab") { url throws in
            let met = try runNotebook(["check", "notebook", "tune", "--file", url.path], state: state)
            #expect(met.status == 0)
            #expect(met.stdout.contains("✓ hit-ratio = "))
        }
        try withTemporaryFile("cache capacity=40\nget key:1\n", named: "steps.lab") { url throws in
            let refused = try runNotebook(["check", "notebook", "tune", "--file", url.path], state: state)
            #expect(refused.status == 1)
            #expect(refused.stdout.contains("steps.lab:2:1: error: `get` cannot be used here"))
        }
    }

    @Test func watchModeChecksAgainOnSave() throws {
        try withTemporaryFile("cache capacity=5\n", named: "watched.lab") { url throws in
            let process = Process()
            process.executableURL = cachebookExecutable
            process.arguments = ["check", "notebook", "tune", "--file", url.path, "--watch", "--course", notebookCourse]
            process.environment = ProcessInfo.processInfo.environment.merging(["CACHEBOOK_STATE": temporaryStateFile()]) { _, new in new }
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Let the first check run, then save a file that meets the goals.
            Thread.sleep(forTimeInterval: 1.5)
            try Data("cache capacity=40 policy=lfu\n".utf8).write(to: url)
            let deadline = Date().addingTimeInterval(20)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 0)
            #expect(text.contains("✗ hit-ratio"))
            #expect(text.contains("✓ Correct!"))
        }
    }

    @Test func solutionsAreRecordedAsRevealedNotPassed() throws {
        let state = temporaryStateFile()
        let refused = try runNotebook(["solution", "notebook", "pick-pattern"], state: state)
        #expect(refused.status == 2)
        let shown = try runNotebook(["solution", "notebook", "pick-pattern", "--yes"], state: state)
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("b) Write-through"))
        let listing = try runNotebook(["check", "notebook"], state: state)
        #expect(listing.stdout.contains("[?] pick-pattern  (choice) revealed"))
        let durable = try runNotebook(["solution", "notebook", "durable", "--yes"], state: state)
        #expect(durable.stdout.contains("pattern write-through"))
    }

    @Test func aLessonIsCompleteOnlyWhenEveryExercisePasses() throws {
        let state = temporaryStateFile()
        _ = try runNotebook(["read", "notebook"], state: state)
        #expect(try runNotebook(["list"], state: state).stdout.contains("[-] Every Notebook Feature"))
        let answers: [[String]] = [["pick-pattern", "b"], ["lossy", "a,c"], ["term", "single-flight"], ["misses", "3"], ["lost", "3"], ["fixed", "2000"]]
        for answer in answers {
            #expect(try runNotebook(["check", "notebook"] + answer, state: state).status == 0)
        }
        try withTemporaryFile("cache capacity=40 policy=lfu\n", named: "tune.lab") { url throws in
            #expect(try runNotebook(["check", "notebook", "tune", "--file", url.path], state: state).status == 0)
        }
        try withTemporaryFile("pattern write-through\n", named: "durable.lab") { url throws in
            #expect(try runNotebook(["check", "notebook", "durable", "--file", url.path], state: state).status == 0)
        }
        #expect(try runNotebook(["list"], state: state).stdout.contains("[x] Every Notebook Feature"))
        #expect(try runNotebook(["progress"], state: state).stdout.contains("  [x] Phase 1 completed"))
    }
}
