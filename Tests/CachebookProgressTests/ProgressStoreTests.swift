import CachebookProgress
import Foundation
import Testing

/// A progress file in a fresh temporary folder, removed afterwards.
private func withStore(_ body: (ProgressStore, URL) throws -> Void) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cachebook-progress-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("state/progress.json")
    try body(ProgressStore(fileURL: file), directory)
}

@Suite("The progress file is found where XDG says")
struct ProgressLocationTests {
    @Test func explicitStateWins() {
        let url = ProgressStore.defaultFileURL(environment: ["CACHEBOOK_STATE": "/tmp/p.json", "XDG_STATE_HOME": "/x", "HOME": "/h"])
        #expect(url.path == "/tmp/p.json")
    }

    @Test func xdgStateHomeThenHome() {
        #expect(ProgressStore.defaultFileURL(environment: ["XDG_STATE_HOME": "/x", "HOME": "/h"]).path == "/x/cachebook/progress.json")
        #expect(ProgressStore.defaultFileURL(environment: ["HOME": "/h"]).path == "/h/.local/state/cachebook/progress.json")
        // The XDG spec says relative paths are invalid and must be ignored.
        #expect(ProgressStore.defaultFileURL(environment: ["XDG_STATE_HOME": "rel", "HOME": "/h"]).path == "/h/.local/state/cachebook/progress.json")
    }
}

@Suite("Progress is saved atomically and survives bad files and concurrent writers")
struct ProgressStoreTests {
    @Test func aMissingFileIsEmptyProgress() throws {
        try withStore { store, _ in
            let (progress, warnings) = try store.read()
            #expect(progress == LearnerProgress())
            #expect(warnings.isEmpty)
        }
    }

    @Test func updatesAreReadBack() throws {
        try withStore { store, _ in
            let date = Date(timeIntervalSince1970: 1_800_000_000)
            try store.update { progress in
                progress[course: "c"][lesson: "l"].markRead(at: date)
                progress[course: "c"][lesson: "l"][exercise: "e"].recordAttempt(correct: true, at: date)
            }
            let (progress, _) = try store.read()
            #expect(progress[course: "c"][lesson: "l"].firstReadAt == date)
            #expect(progress[course: "c"][lesson: "l"][exercise: "e"].status == .passed)
            #expect(progress.formatVersion == LearnerProgress.currentFormatVersion)
        }
    }

    @Test func theFileIsStableJSONWithAFormatVersion() throws {
        try withStore { store, _ in
            try store.update { $0[course: "c"].checklist["supplementary"] = ChecklistTick(tickedAt: Date(timeIntervalSince1970: 0)) }
            let text = try String(contentsOf: store.fileURL, encoding: .utf8)
            #expect(text == """
                {
                  "courses" : {
                    "c" : {
                      "checklist" : {
                        "supplementary" : {
                          "tickedAt" : "1970-01-01T00:00:00Z"
                        }
                      },
                      "lessons" : {

                      }
                    }
                  },
                  "formatVersion" : 1
                }

                """)
        }
    }

    @Test func aCorruptFileIsMovedAsideNeverOverwritten() throws {
        try withStore { store, directory in
            try FileManager.default.createDirectory(at: store.fileURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("{ not json".utf8).write(to: store.fileURL)
            let (_, readWarnings) = try store.read()
            #expect(readWarnings.count == 1)
            #expect(try String(contentsOf: store.fileURL, encoding: .utf8) == "{ not json")

            let (_, warnings) = try store.update { $0[course: "c"][lesson: "l"].markRead(at: Date()) }
            #expect(warnings.count == 1)
            let siblings = try FileManager.default.contentsOfDirectory(atPath: store.fileURL.deletingLastPathComponent().path)
            let aside = try #require(siblings.first { $0.hasPrefix("progress.json.corrupt-") })
            let asideText = try String(contentsOf: store.fileURL.deletingLastPathComponent().appendingPathComponent(aside), encoding: .utf8)
            #expect(asideText == "{ not json")
            #expect(try store.read().0[course: "c"][lesson: "l"].isRead)
        }
    }

    @Test func aFileFromANewerVersionIsLeftAlone() throws {
        try withStore { store, _ in
            try FileManager.default.createDirectory(at: store.fileURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(#"{"formatVersion": 99, "courses": {}}"#.utf8).write(to: store.fileURL)
            #expect(throws: ProgressStore.StoreError.self) { try store.update { _ in } }
            #expect(try String(contentsOf: store.fileURL, encoding: .utf8) == #"{"formatVersion": 99, "courses": {}}"#)
        }
    }

    @Test func idsTheCourseNoLongerHasAreKept() throws {
        try withStore { store, _ in
            try store.update { $0[course: "c"][lesson: "retired-lesson"].markRead(at: Date()) }
            try store.update { $0[course: "c"][lesson: "new-lesson"].markRead(at: Date()) }
            #expect(try store.read().0[course: "c"].lessons.keys.sorted() == ["new-lesson", "retired-lesson"])
        }
    }

    @Test func concurrentWritersLoseNothing() throws {
        try withStore { store, _ in
            let writers = 8, updatesEach = 20
            let failures = FailureCounter()
            DispatchQueue.concurrentPerform(iterations: writers) { writer in
                // Each writer opens the file through its own store, as separate processes would.
                let own = ProgressStore(fileURL: store.fileURL)
                for update in 0..<updatesEach {
                    do {
                        try own.update { progress in
                            progress[course: "c"][lesson: "w\(writer)"][exercise: "e\(update)"].recordAttempt(correct: true, at: Date())
                            progress[course: "c"][lesson: "shared"][exercise: "counter"].attempts += 1
                        }
                    } catch {
                        failures.add()
                    }
                }
            }
            #expect(failures.count == 0)
            let progress = try store.read().0[course: "c"]
            #expect(progress[lesson: "shared"][exercise: "counter"].attempts == writers * updatesEach)
            for writer in 0..<writers {
                #expect(progress[lesson: "w\(writer)"].exercises.count == updatesEach)
            }
        }
    }

    @Test func noTemporaryFilesAreLeftBehind() throws {
        try withStore { store, _ in
            for _ in 0..<5 { try store.update { $0[course: "c"][lesson: "l"].markRead(at: Date()) } }
            let names = try FileManager.default.contentsOfDirectory(atPath: store.fileURL.deletingLastPathComponent().path).sorted()
            #expect(names == ["progress.json", "progress.json.lock"])
        }
    }
}

@Suite("Attempts, reveals and study time are recorded as a learner expects")
struct ProgressRecordingTests {
    @Test func aPassIsKeptAfterALaterWrongAnswer() {
        var exercise = ExerciseProgress()
        exercise.recordAttempt(correct: false, at: Date(timeIntervalSince1970: 1))
        #expect(exercise.status == .attempted)
        exercise.recordAttempt(correct: true, at: Date(timeIntervalSince1970: 2))
        exercise.recordAttempt(correct: false, at: Date(timeIntervalSince1970: 3))
        #expect(exercise.status == .passed)
        #expect(exercise.attempts == 3)
        #expect(exercise.passedAt == Date(timeIntervalSince1970: 2))
    }

    @Test func aRevealedSolutionIsNotAPass() {
        var exercise = ExerciseProgress()
        exercise.recordReveal(at: Date(timeIntervalSince1970: 5))
        #expect(exercise.status == .revealed)
        exercise.recordAttempt(correct: true, at: Date(timeIntervalSince1970: 6))
        #expect(exercise.status == .passed)
    }

    @Test func studyTimeCountsGapsButNotBreaks() {
        var course = CourseProgress()
        let start = Date(timeIntervalSince1970: 1_000_000)
        course.recordActivity(on: "a", at: start)
        course.recordActivity(on: "a", at: start + 600)
        course.recordActivity(on: "b", at: start + 900)
        course.recordActivity(on: "b", at: start + 900 + 7200)
        #expect(course[lesson: "a"].activeSeconds == 900)
        #expect(course[lesson: "b"].activeSeconds == 0)
    }
}

/// Counts failures from concurrent writers.
private final class FailureCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}
