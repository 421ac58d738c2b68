import Foundation
import Testing

@Suite("Progress: reading, ticking, resetting, exporting, surviving bad files")
struct ProgressEndToEndTests {
    @Test func readingMarksLessonsAndProgressShowsTheTicks() throws {
        let state = ["CACHEBOOK_STATE": temporaryStateFile()]
        #expect(try runCachebook(["read", "cache-patterns-overview"], environment: state).status == 0)
        let list = try runCachebook(["list"], environment: state).stdout
        // Read, with its exercises still to answer.
        #expect(list.contains("[-] Cache Patterns Overview"))
        #expect(list.contains("[ ] Read-Through Cache"))
        #expect(list.contains("Next up: Cache Patterns Overview"))

        #expect(try runCachebook(["done", "supplementary"], environment: state).stdout == "[x] Supplementary materials reviewed\n")
        let progress = try runCachebook(["progress", "--width", "80"], environment: state)
        #expect(progress.status == 0)
        #expect(progress.stdout.contains("  [x] Supplementary materials reviewed"))
        #expect(progress.stdout.contains("  [ ] Phase 1 completed"))
        #expect(progress.stdout.contains("read, 0/6 exercises"))
        #expect(progress.stdout.contains("0 of 8 lessons complete"))

        #expect(try runCachebook(["undo", "supplementary"], environment: state).stdout == "[ ] Supplementary materials reviewed\n")
        #expect(try runCachebook(["progress"], environment: state).stdout.contains("  [ ] Supplementary materials reviewed"))
    }

    @Test func aPhaseTicksItselfOnceEveryLessonIsComplete() throws {
        let state = ["CACHEBOOK_STATE": temporaryStateFile()]
        let course = ["--course", endToEndFixtures.appendingPathComponent("tiny-course").path]
        #expect(try runCachebook(["progress"] + course, environment: state).stdout.contains("  [ ] Phase 1 completed"))
        // The tiny course's only lesson has no exercises: reading it completes it.
        #expect(try runCachebook(["read", "every-node"] + course, environment: state).status == 0)
        let progress = try runCachebook(["progress"] + course, environment: state).stdout
        #expect(progress.contains("  [x] Phase 1 completed"))
        #expect(progress.contains("1 of 1 lessons complete"))
        #expect(progress.contains("Every lesson is complete."))
    }

    @Test func phaseItemsCannotBeTickedByHand() throws {
        let result = try runCachebook(["done", "phase-1"])
        #expect(result.status == 2)
        #expect(result.stderr == "error: “Phase 1 completed” is ticked for you when every lesson of Foundations is complete\n  hint: run `cachebook progress` to see what is left\n")
        let unknown = try runCachebook(["done", "suplementary"])
        #expect(unknown.stderr.contains("did you mean `supplementary`?"))
    }

    @Test func readingALessonAheadOfItsPrerequisitesIsANoticeNotARefusal() throws {
        let result = try runCachebook(["read", "write-through"])
        #expect(result.status == 0)
        // Wrapped to the screen (80 columns without a terminal).
        #expect(result.stderr.replacingOccurrences(of: "\n", with: " ")
            .hasPrefix("note: this lesson builds on Cache Patterns Overview (cache-patterns-overview), Read-Through Cache (read-through), not complete yet"))
        #expect(result.stdout.hasPrefix("Write-Through Cache\n"))
    }

    @Test func resetAsksUnlessToldYes() throws {
        let state = ["CACHEBOOK_STATE": temporaryStateFile()]
        _ = try runCachebook(["read", "cache-patterns-overview"], environment: state)
        let refused = try runCachebook(["reset"], environment: state)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("pass --yes"))
        #expect(try runCachebook(["list"], environment: state).stdout.contains("[-] Cache Patterns Overview"))
        #expect(try runCachebook(["reset", "cache", "--yes"], environment: state).status == 0)
        #expect(try runCachebook(["list"], environment: state).stdout.contains("[ ] Cache Patterns Overview"))
    }

    @Test func exportAndImportMoveProgressBetweenFiles() throws {
        let first = ["CACHEBOOK_STATE": temporaryStateFile()]
        let second = ["CACHEBOOK_STATE": temporaryStateFile()]
        _ = try runCachebook(["read", "cache-patterns-overview"], environment: first)
        try withTemporaryFile("", named: "export.json") { url in
            #expect(try runCachebook(["progress", "--export", url.path], environment: first).status == 0)
            let imported = try runCachebook(["progress", "--import", url.path], environment: second)
            #expect(imported.status == 0)
            #expect(imported.stdout.contains("[-] Cache Patterns Overview"))
        }
        let bad = try runCachebook(["progress", "--import", "/etc/hostname"], environment: second)
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("error: /etc/hostname is not a cachebook progress file"))
    }

    @Test func aCorruptProgressFileIsMovedAsideAndLearningGoesOn() throws {
        let file = temporaryStateFile()
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("garbage{".utf8).write(to: URL(fileURLWithPath: file))
        let list = try runCachebook(["list"], environment: ["CACHEBOOK_STATE": file])
        #expect(list.status == 0)
        #expect(list.stderr.contains("is not a progress file"))
        let read = try runCachebook(["read", "cache-patterns-overview"], environment: ["CACHEBOOK_STATE": file])
        #expect(read.status == 0)
        #expect(read.stderr.contains("was moved to"))
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(names.contains { $0.hasPrefix("progress.json.corrupt-") })
        #expect(try runCachebook(["list"], environment: ["CACHEBOOK_STATE": file]).stdout.contains("[-] Cache Patterns Overview"))
    }

    @Test func concurrentProcessesLoseNoUpdate() throws {
        let state = temporaryStateFile()
        let lessons = ["cache-patterns-overview", "read-through", "write-through", "write-back-and-write-around",
                       "pattern-comparison", "use-case-selection", "hybrid-patterns", "performance-optimization"]
        let processes = lessons.map { lesson -> Process in
            let process = Process()
            process.executableURL = cachebookExecutable
            process.arguments = ["read", lesson, "--no-pager"]
            process.environment = ProcessInfo.processInfo.environment.merging(["CACHEBOOK_STATE": state]) { _, new in new }
            process.currentDirectoryURL = packageRoot
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: state))) as? [String: Any]
        let courses = json?["courses"] as? [String: Any]
        let course = courses?["caching-patterns"] as? [String: Any]
        let recorded = (course?["lessons"] as? [String: Any])?.keys.sorted()
        #expect(recorded == lessons.sorted())
    }
}
