import CacheLab
import Foundation
import Testing

/// The progress file under the worst a learner's machine does: a process killed mid-write, and
/// many `cachebook check` processes at once.
@Suite("Progress survives SIGKILL and concurrent writers")
struct ProgressCrashSafetyTests {
    /// A course with one lesson of 20 text exercises, `q1` … `q20`, each answered `yes`.
    private func withQuizCourse(_ body: (TemporaryCourse) throws -> Void) throws {
        let exercises = (1...20).map { "```exercise\nid: q\($0)\ntype: text\nprompt: Say yes.\nanswer: yes\n```\n" }.joined(separator: "\n")
        try TemporaryCourse.with(["foundations/quiz.md": TemporaryCourse.lesson(id: "quiz", body: "# Quiz\n\n" + exercises)], body)
    }

    private func checkProcess(_ arguments: [String], course: TemporaryCourse, state: URL, writePause: Int = 0) -> Process {
        let process = Process()
        process.executableURL = cachebookExecutable
        process.arguments = ["check", "quiz"] + arguments + ["--course", course.path, "--state", state.path]
        process.environment = ProcessInfo.processInfo.environment.merging(["CACHEBOOK_TEST_WRITE_PAUSE_MS": "\(writePause)"]) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return process
    }

    /// The attempts and status of each exercise in the progress file, or `nil` if it cannot be
    /// read as the progress format: a corrupt file.
    private func exercises(in data: Data) -> [String: (attempts: Int, status: String)]? {
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              json["formatVersion"] as? Int == 1,
              let courses = json["courses"] as? [String: Any] else { return nil }
        guard let course = courses["temporary"] as? [String: Any] else { return courses.isEmpty ? [:] : nil }
        let lessons = course["lessons"] as? [String: Any]
        let quiz = lessons?["quiz"] as? [String: Any]
        let found = quiz?["exercises"] as? [String: [String: Any]] ?? [:]
        return found.mapValues { (($0["attempts"] as? Int) ?? -1, ($0["status"] as? String) ?? "?") }
    }

    @Test func sigkillAtRandomPointsLeavesTheOldStateOrTheNewNeverACorruptOne() throws {
        try withQuizCourse { course in
            let state = course.scratch("state/progress.json")
            let first = checkProcess(["q1", "no"], course: course, state: state)
            let started = Date()
            try first.run()
            first.waitUntilExit()
            let runTime = Date().timeIntervalSince(started)
            var attempts = 1
            var random = SeededGenerator(seed: 2026)
            var outcomes = (old: 0, new: 0, insideTheWrite: 0)
            let folder = state.deletingLastPathComponent().path
            for round in 1...200 {
                let before = try Data(contentsOf: state)
                let temporaryBefore = Set(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".tmp-") })
                // Every other round the writer pauses between its temporary file and the rename,
                // so that many kills land right inside the write, not only before or after it.
                let pause = round.isMultiple(of: 2) ? 0.05 : 0
                let process = checkProcess(["q1", "no"], course: course, state: state, writePause: Int(pause * 1000))
                try process.run()
                // Anywhere from before the course is read to after the write is done.
                usleep(UInt32(Double(random.next() % 1000) / 1000 * (runTime + pause) * 1.3 * 1_000_000))
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                let after = try Data(contentsOf: state)
                let recorded = try #require(exercises(in: after), "round \(round): the progress file is corrupt")
                // A temporary file left behind: the kill came after the new state was written
                // out and before it replaced the old one.
                let killedInsideTheWrite = try FileManager.default.contentsOfDirectory(atPath: folder)
                    .contains { $0.contains(".tmp-") && !temporaryBefore.contains($0) }
                if killedInsideTheWrite {
                    outcomes.insideTheWrite += 1
                    #expect(after == before, "round \(round): killed before the rename, yet the file changed")
                }
                if after == before {
                    outcomes.old += 1
                } else {
                    #expect(recorded["q1"]?.attempts == attempts + 1, "round \(round): neither the old state nor the new one")
                    attempts += 1
                    outcomes.new += 1
                }
            }
            // Both outcomes happened, and kills landed inside the write too.
            #expect(outcomes.old > 0 && outcomes.new > 0 && outcomes.insideTheWrite >= 10, "\(outcomes)")
            // The next successful run records its attempt and cleans up after the killed ones.
            let last = checkProcess(["q1", "yes"], course: course, state: state)
            try last.run()
            last.waitUntilExit()
            #expect(last.terminationStatus == 0)
            #expect(exercises(in: try Data(contentsOf: state))?["q1"]?.status == "passed")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: state.deletingLastPathComponent().path)
                .filter { $0.contains(".tmp-") }
            #expect(leftovers.isEmpty, "\(leftovers)")
        }
    }

    @Test func twentyConcurrentChecksAreAllRecorded() throws {
        try withQuizCourse { course in
            let state = course.scratch("state/progress.json")
            let processes = (1...20).map { checkProcess(["q\($0)", "yes"], course: course, state: state) }
            for process in processes { try process.run() }
            for process in processes { process.waitUntilExit() }
            #expect(processes.allSatisfy { $0.terminationStatus == 0 })
            let recorded = try #require(exercises(in: try Data(contentsOf: state)))
            #expect(recorded.count == 20)
            for number in 1...20 {
                #expect(recorded["q\(number)"]?.status == "passed" && recorded["q\(number)"]?.attempts == 1, "q\(number): \(String(describing: recorded["q\(number)"]))")
            }
        }
    }
}
