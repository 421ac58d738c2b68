import CachebookCourse
import Foundation
import Testing

@Suite("The real course follows the learning path")
struct RealCourseTests {
    @Test func threePhasesEightLessonsTwoHundredThirtyFiveMinutes() throws {
        let loaded = try load(realCourse)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let course = loaded.course
        #expect(course.phases.map(\.id) == ["foundations", "core", "advanced"])
        #expect(course.lessons.map(\.id) == [
            "cache-patterns-overview", "read-through",
            "write-through", "write-back-and-write-around", "pattern-comparison", "use-case-selection",
            "hybrid-patterns", "performance-optimization",
        ])
        #expect(course.phases.map { course.plannedMinutes(in: $0) } == [55, 115, 65])
        #expect(course.plannedMinutes == 235)
        #expect(course.checklist.map(\.title) == [
            "Phase 1 completed", "Phase 2 completed", "Phase 3 completed", "Supplementary materials reviewed",
        ])
        #expect(course.lessons.allSatisfy { !$0.objectives.isEmpty && !$0.summary.isEmpty })
    }

    @Test func lessonsAreFoundByIDOrUniquePrefix() throws {
        let course = try load(realCourse).course
        guard case .found(let exact) = course.findLesson("read-through") else { Issue.record("exact id"); return }
        #expect(exact.id == "read-through")
        guard case .found(let prefix) = course.findLesson("perf") else { Issue.record("prefix"); return }
        #expect(prefix.id == "performance-optimization")
        guard case .ambiguous(let ids) = course.findLesson("write") else { Issue.record("ambiguous"); return }
        #expect(ids == ["write-through", "write-back-and-write-around"])
        guard case .notFound(let suggestion) = course.findLesson("read-thru") else { Issue.record("not found"); return }
        #expect(suggestion == "read-through")
    }

    @Test func phaseRequirementsExpandToTheirLessons() throws {
        let course = try load(realCourse).course
        let writeThrough = try #require(course.lesson(withID: "write-through"))
        #expect(course.prerequisites(of: writeThrough).map(\.id) == ["cache-patterns-overview", "read-through"])
    }
}

@Suite("Durations, slugs and front matter parse strictly")
struct ParsingRulesTests {
    @Test(arguments: [("25m", 25), ("1h", 60), ("1h30m", 90), ("90m", 90), ("1h 5m", 65), ("2H", 120)])
    func durationsParse(text: String, minutes: Int) {
        #expect(LessonDuration(parsing: text)?.minutes == minutes)
    }

    @Test(arguments: ["", "soon", "25", "m", "30m1h", "1h1h", "0m", "-5m", "25 minutes", "99999999m"])
    func malformedDurationsDoNot(text: String) {
        #expect(LessonDuration(parsing: text) == nil)
    }

    @Test func durationsFormatForPeople() {
        #expect(LessonDuration(minutes: 25).description == "25 min")
        #expect(LessonDuration(minutes: 235).description == "3 h 55 min")
        #expect(LessonDuration(minutes: 120).description == "2 h")
    }

    @Test(arguments: [("read-through", true), ("a1", true), ("Read", false), ("-a", false), ("a-", false),
                      ("a--b", false), ("../../etc/passwd", false), ("a_b", false), ("", false), ("é", false)])
    func slugs(text: String, isSlug: Bool) {
        #expect(CourseLoader.isSlug(text) == isSlug)
    }

    @Test func frontMatterSplitsAndCountsLines() throws {
        let split = try FrontMatterSplit.split("---\nid: a\n---\n# Body\n")
        #expect(split.yaml == "id: a\n")
        #expect(split.body == "# Body\n")
        #expect(split.bodyLineOffset == 3)
        let dots = try FrontMatterSplit.split("---\nid: a\n...\nbody")
        #expect(dots.body == "body")
    }

    @Test func frontMatterProblemsAreNamed() {
        #expect(throws: FrontMatterSplit.Problem.missing) { try FrontMatterSplit.split("# no front matter") }
        #expect(throws: FrontMatterSplit.Problem.missing) { try FrontMatterSplit.split("") }
        #expect(throws: FrontMatterSplit.Problem.unclosed) { try FrontMatterSplit.split("---\nid: a\n") }
    }

    @Test func invalidUTF8IsLocated() {
        #expect(throws: SourceText.DecodingError.invalidUTF8(line: 2, column: 3)) {
            try SourceText(decoding: Data([0x61, 0x0A, 0x62, 0x63, 0xFF, 0x64]))
        }
    }

    @Test func byteOrderMarkAndCRLFAreNormalized() throws {
        let text = try SourceText(decoding: Data([0xEF, 0xBB, 0xBF] + Array("a\r\nb\r\n".utf8))).text
        #expect(text == "a\nb\n")
    }

    @Test func cyclesAreReportedOncePerCycle() throws {
        try withTemporaryDirectory { directory in
            try write(minimalCourseFile, to: "course.yml", in: directory)
            try write(lessonText(id: "a", order: 1, extra: "requires: [c]\n"), to: "a.md", in: directory)
            try write(lessonText(id: "b", order: 2, extra: "requires: [a]\n"), to: "b.md", in: directory)
            try write(lessonText(id: "c", order: 3, extra: "requires: [b]\n"), to: "c.md", in: directory)
            try write(lessonText(id: "d", order: 4, extra: "requires: [d]\n"), to: "d.md", in: directory)
            let messages = try load(directory).diagnostics.map(\.message)
            #expect(messages == ["prerequisites form a cycle: a → c → b → a", "prerequisites form a cycle: d → d"])
        }
    }
}

@Suite("A lesson is a value")
struct LessonValueTests {
    private static func lesson(title: String = "Cache-Aside") -> Lesson {
        Lesson(id: "cache-aside", title: title, phase: "foundations", order: 1, duration: LessonDuration(minutes: 25),
               objectives: ["Explain a miss"], file: URL(fileURLWithPath: "/course/cache-aside.md"), displayPath: "cache-aside.md",
               coursePath: "cache-aside.md", body: "# Cache-Aside\n", bodyLineOffset: 7, source: Data("---\n".utf8))
    }

    @Test func aChangedCopyLeavesTheOriginalAsItWas() {
        let original = Self.lesson()
        var copy = original
        copy.title = "Read-Through"
        copy.objectives.append("Compare patterns")
        #expect(original.title == "Cache-Aside" && original.objectives == ["Explain a miss"])
        #expect(copy.title == "Read-Through" && copy.objectives == ["Explain a miss", "Compare patterns"])
        #expect(copy != original)
    }

    @Test func aLessonPrintsItsFields() {
        #expect(String(describing: Self.lesson()).hasPrefix("Lesson(id: \"cache-aside\", title: \"Cache-Aside\""))
    }

    @Test func lessonsWithTheSameFieldsAreEqualAndHashAlike() {
        var changedBack = Self.lesson()
        changedBack.title = "Other"
        changedBack.title = "Cache-Aside"
        #expect(changedBack == Self.lesson())
        #expect(Set([changedBack, Self.lesson(), Self.lesson(title: "Other")]).count == 2)
    }
}
