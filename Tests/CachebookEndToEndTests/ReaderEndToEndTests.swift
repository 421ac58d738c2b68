import Foundation
import Testing

@Suite("cachebook list and read, run as a learner would")
struct ReaderEndToEndTests {
    @Test func listPrintsTheWholeOutline() throws {
        let result = try runCachebook(["list", "--width", "80"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        try expectOutput(result.stdout, matches: "list-80.txt")
    }

    @Test func versionIsPrintedOnItsOwn() throws {
        let result = try runCachebook(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == "cachebook 0.1.0\n")
    }

    @Test func noSubcommandMeansList() throws {
        let bare = try runCachebook(["--width", "80"])
        let list = try runCachebook(["list", "--width", "80"])
        #expect(bare.status == 0)
        #expect(bare.stdout == list.stdout)
        #expect(bare.stdout.contains("235 min"))
    }

    @Test func readRendersEveryNodeKind() throws {
        let course = endToEndFixtures.appendingPathComponent("tiny-course").path
        let result = try runCachebook(["read", "every-node", "--course", course, "--width", "40"])
        #expect(result.status == 0)
        try expectOutput(result.stdout, matches: "read-every-node-40.txt")
    }

    @Test func readAtSixtyColumnsStaysWithinSixty() throws {
        let result = try runCachebook(["read", "read-through", "--no-color", "--width", "60"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count > 20)
        for line in lines {
            // Every character in the lessons is one column wide, so counting characters is exact here.
            #expect(line.count <= 60, "\(line)")
        }
    }

    /// Every command that prints a lesson, from the narrowest width to a wide one (60 and 100
    /// are the course's own acceptance widths): wrapped prose, cut transcripts, wrapped titles,
    /// hints and notes, and no errors.
    @Test(arguments: [20, 37, 60, 100])
    func everyLessonAndTheOutlineFitTheirWidth(width: Int) throws {
        let lessons = ["cache-patterns-overview", "read-through", "write-through", "write-back-and-write-around",
                       "pattern-comparison", "use-case-selection", "hybrid-patterns", "performance-optimization"]
        let state = temporaryStateFile()
        var runs = [["list"]] + lessons.map { ["read", $0, "--no-pager"] } + ["read-through", "hybrid-patterns"].map { ["run", $0] }
        runs = runs.map { $0 + ["--no-color", "--width", "\(width)", "--state", state] }
        for arguments in runs {
            let result = try runCachebook(arguments)
            #expect(result.status == 0, "\(arguments)")
            #expect(!result.stderr.contains("error"), "\(arguments): \(result.stderr)")
            for line in (result.stdout + result.stderr).split(separator: "\n") {
                // Every character in the lessons is one column wide, so counting characters is exact here.
                #expect(line.count <= width, "\(arguments.prefix(2)): \(line)")
            }
        }
    }

    @Test func readFindsLessonsByUniquePrefix() throws {
        let result = try runCachebook(["read", "perf", "--width", "80"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Performance Optimization\n"))
    }

    @Test func readPreviewsAnyMarkdownFileByPath() throws {
        try withTemporaryFile("# Draft\n\nWork in *progress*.\n", named: "draft.md") { url in
            let result = try runCachebook(["read", url.path, "--width", "40"])
            #expect(result.status == 0)
            #expect(result.stdout == "Draft\n═════\n\nWork in progress.\n")
        }
    }

    @Test func unknownLessonSuggestsTheClosestAndExitsTwo() throws {
        let result = try runCachebook(["read", "read-thru"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "error: no lesson `read-thru` in the course\n  hint: did you mean `read-through`?\n")
    }

    @Test func badWidthIsAUsageErrorWithExitTwo() throws {
        let result = try runCachebook(["read", "read-through", "--width", "5"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--width must be between 20 and 1000"))
    }

    @Test func courseComesFromTheEnvironmentOrTheFlag() throws {
        let course = endToEndFixtures.appendingPathComponent("tiny-course").path
        let fromEnvironment = try runCachebook(["list"], environment: ["CACHEBOOK_COURSE": course])
        #expect(fromEnvironment.stdout.hasPrefix("A tiny course that shows every kind of node\n"))
        let missing = try runCachebook(["list", "--course", "/nonexistent/course"])
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("error: no course folder at /nonexistent/course\n  hint: "))
    }

    @Test func theBuiltExecutableFindsThePackageCourseFromAnyDirectory() throws {
        let result = try runCachebook(["list"], currentDirectory: URL(fileURLWithPath: "/"))
        #expect(result.status == 0)
        #expect(result.stdout.contains("Read-Through Cache"))
    }

    @Test func colorOnlyOnATerminalAndNeverWithNoColor() throws {
        let command = "\(cachebookExecutable.path) list --no-pager"
        #expect(try runCachebook(["list"]).stdout.contains("\u{1B}[") == false)
        #expect(try runInTerminal(command).stdout.contains("\u{1B}[1;35m"))
        #expect(try runInTerminal(command, environment: ["NO_COLOR": "1"]).stdout.contains("\u{1B}[") == false)
        #expect(try runInTerminal(command + " --no-color").stdout.contains("\u{1B}[") == false)
    }

    @Test func longOutputOnATerminalGoesThroughThePager() throws {
        let command = "\(cachebookExecutable.path) read read-through"
        let paged = try runInTerminal(command, environment: ["PAGER": "sed s/^/PAGED:/", "LINES": "10", "NO_COLOR": "1"])
        #expect(paged.stdout.contains("PAGED:Read-Through Cache"))
        let direct = try runInTerminal(command + " --no-pager", environment: ["PAGER": "sed s/^/PAGED:/", "LINES": "10"])
        #expect(!direct.stdout.contains("PAGED:"))
    }
}

@Suite("cachebook lint, run as an author would")
struct LintEndToEndTests {
    @Test func theRealCourseIsClean() throws {
        let result = try runCachebook(["lint"])
        #expect(result.status == 0)
        #expect(result.stdout == "No problems found in 8 lessons.\n")
    }

    @Test func aBrokenCourseGetsOneDiagnosticPerProblemAndExitOne() throws {
        let course = packageRoot.appendingPathComponent("Tests/CachebookCourseTests/Fixtures/broken-course")
        let result = try runCachebook(["lint", "--course", course.path], currentDirectory: course)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let headlines = lines.filter { $0.contains(": error: ") }
        let hints = lines.filter { $0.hasPrefix("  hint: ") }
        #expect(headlines.count == 13)
        #expect(hints.count == 13)
        #expect(headlines.contains("core/unknown-requirement.md:7:12: error: `requires` names unknown lesson `nowhere`"))
        #expect(headlines.contains("advanced/latin1.md:3:11: error: the file is not valid UTF-8"))
        #expect(lines.last == "13 errors, 0 warnings in 10 lessons.")
    }
}

/// Writes `text` to a temporary file, runs `body` with its URL, then removes it.
func withTemporaryFile(_ text: String, named name: String, _ body: (URL) throws -> Void) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cachebook-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    try body(url)
}
