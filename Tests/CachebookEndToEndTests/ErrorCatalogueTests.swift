import Foundation
import Testing

/// One bad input for each diagnostic and command error a user can meet, with the complete text
/// cachebook prints for it, kept in `Expected/errors/NAME.txt`. The catalogue is also the
/// review: each message must name where the problem is, say what is wrong and how to fix it,
/// and never show a Swift stack trace.
///
/// Set `CACHEBOOK_RECORD_ERRORS=1` to write the expected files after a deliberate change, then
/// read the diff.
@Suite("Every error message is complete: where, what, how to fix")
struct ErrorCatalogueTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// Files of the course, by course path; `course.yml` replaces the default one.
        var files: [String: Data]
        /// The arguments; `--course COURSE` is added to commands that read a course.
        var arguments: [String]
        var stdin: String? = nil
        /// Real-server failures are one line by design (issue 9): what failed, at which URL, and
        /// any advice inline. They are checked for that instead of for a hint line.
        var isOneLine = false

        var testDescription: String { name }

        init(_ name: String, _ files: [String: String] = [:], bytes: [String: Data] = [:], _ arguments: [String], stdin: String? = nil,
             isOneLine: Bool = false) {
            self.name = name
            self.files = files.mapValues { Data($0.utf8) }.merging(bytes) { _, new in new }
            self.arguments = arguments
            self.stdin = stdin
            self.isOneLine = isOneLine
        }
    }

    /// A lesson in the `foundations` folder with these front matter lines and body.
    static func lesson(_ frontMatter: String = "id: one\ntitle: One\nphase: foundations\norder: 1\nduration: 10m", body: String = "# One\n\nText.\n") -> String {
        "---\n\(frontMatter)\n---\n\n\(body)"
    }

    static func exercise(_ yaml: String, blocks: String = "") -> String {
        lesson(body: "# One\n\n\(blocks)```exercise\n\(yaml)\n```\n")
    }

    static let course = "id: catalogue\ntitle: Catalogue\nphases:\n  - id: foundations\n    title: Foundations\n"
    static let one = "foundations/one.md"

    static let cases: [Case] = [
        // course.yml
        Case("course-yml-invalid-yaml", ["course.yml": "id: c\ntitle: [unclosed\n", one: lesson()], ["lint"]),
        Case("course-yml-not-a-mapping", ["course.yml": "- a\n- b\n", one: lesson()], ["lint"]),
        Case("course-yml-empty", ["course.yml": "", one: lesson()], ["lint"]),
        Case("course-yml-duplicate-key", ["course.yml": course + "title: Again\n", one: lesson()], ["lint"]),
        Case("course-yml-not-utf8", [one: lesson()], bytes: ["course.yml": Data("id: caf".utf8) + Data([0xE9, 0x0A])], ["lint"]),
        Case("course-id-not-slug", ["course.yml": course.replacingOccurrences(of: "id: catalogue", with: "id: My Course"), one: lesson()], ["lint"]),
        Case("course-missing-title", ["course.yml": "id: c\nphases:\n  - id: foundations\n    title: F\n", one: lesson()], ["lint"]),
        Case("course-unknown-field", ["course.yml": course + "titel: Typo\n", one: lesson()], ["lint"]),
        Case("phase-declared-twice", ["course.yml": course + "  - id: foundations\n    title: Again\n", one: lesson()], ["lint"]),
        Case("phase-id-not-slug", ["course.yml": course + "  - id: Core Ideas\n    title: Core\n", one: lesson()], ["lint"]),
        Case("phase-without-lessons", ["course.yml": course + "  - id: core\n    title: Core\n", one: lesson()], ["lint"]),
        Case("checklist-unknown-phase", ["course.yml": course + "checklist:\n  - id: done\n    title: Done\n    phase: advanced\n", one: lesson()], ["lint"]),
        Case("checklist-without-phase-or-manual", ["course.yml": course + "checklist:\n  - id: done\n    title: Done\n", one: lesson()], ["lint"]),
        Case("unsafe-html-not-a-boolean", ["course.yml": course + "unsafe_html: sometimes\n", one: lesson()], ["lint"]),
        // Lesson files and front matter
        Case("lesson-without-front-matter", [one: "# One\n\nNo front matter.\n"], ["lint"]),
        Case("front-matter-not-closed", [one: "---\nid: one\ntitle: One\n"], ["lint"]),
        Case("lesson-file-empty", [one: ""], ["lint"]),
        Case("lesson-not-utf8", bytes: [one: Data(lesson(body: "# Caf").utf8) + Data([0xE9, 0x0A])], ["lint"]),
        Case("lesson-too-large", [one: lesson(body: String(repeating: "A line of text that makes the lesson far too long to read.\n", count: 80_000))], ["lint"]),
        Case("front-matter-invalid-yaml", [one: lesson("id: one\ntitle: [One\nphase: foundations\norder: 1\nduration: 10m")], ["lint"]),
        Case("front-matter-missing-field", [one: lesson("id: one\ntitle: One\nphase: foundations\norder: 1")], ["lint"]),
        Case("front-matter-field-without-value", [one: lesson("id: one\ntitle: One\nphase: foundations\norder:\nduration: 10m")], ["lint"]),
        Case("order-not-a-number", [one: lesson("id: one\ntitle: One\nphase: foundations\norder: first\nduration: 10m")], ["lint"]),
        Case("duration-unreadable", [one: lesson("id: one\ntitle: One\nphase: foundations\norder: 1\nduration: soon")], ["lint"]),
        Case("objectives-not-a-list", [one: lesson("id: one\ntitle: One\nphase: foundations\norder: 1\nduration: 10m\nobjectives: {a: b}")], ["lint"]),
        Case("lesson-id-not-slug", [one: lesson("id: ../../etc/passwd\ntitle: One\nphase: foundations\norder: 1\nduration: 10m")], ["lint"]),
        Case("unknown-phase", [one: lesson("id: one\ntitle: One\nphase: foundation\norder: 1\nduration: 10m")], ["lint"]),
        Case("folder-and-phase-disagree", ["course.yml": course + "  - id: core\n    title: Core\n",
                                           one: lesson("id: one\ntitle: One\nphase: core\norder: 1\nduration: 10m")], ["lint"]),
        Case("unknown-front-matter-field", [one: lesson("id: one\ntitle: One\nphase: foundations\norder: 1\nduration: 10m\nsumary: Typo")], ["lint"]),
        Case("duplicate-lesson-id", [one: lesson(), "foundations/two.md": lesson("id: one\ntitle: Two\nphase: foundations\norder: 2\nduration: 10m")], ["lint"]),
        Case("duplicate-order", [one: lesson(), "foundations/two.md": lesson("id: two\ntitle: Two\nphase: foundations\norder: 1\nduration: 10m")], ["lint"]),
        Case("unknown-requirement", [one: lesson("id: one\ntitle: One\nphase: foundations\norder: 1\nduration: 10m\nrequires: [on]")], ["lint"]),
        Case("requirement-cycle", [one: lesson("id: one\ntitle: One\nphase: foundations\norder: 1\nduration: 10m\nrequires: [two]"),
                                   "foundations/two.md": lesson("id: two\ntitle: Two\nphase: foundations\norder: 2\nduration: 10m\nrequires: [one]")], ["lint"]),
        // Runnable blocks
        Case("unknown-block-option", [one: lesson(body: "# One\n\n```cachelab colour=red\nget a\n```\n")], ["lint"]),
        Case("output-without-block", [one: lesson(body: "# One\n\n```output\n42\n```\n")], ["lint"]),
        Case("duplicate-block-id", [one: lesson(body: "# One\n\n```cachelab id=a\nget a\n```\n\n```cachelab id=a\nget b\n```\n")], ["lint"]),
        Case("block-id-not-a-slug", [one: lesson(body: "# One\n\n```cachelab id=\"First Run\"\nget a\n```\n")], ["lint"]),
        Case("scenario-unknown-command", [one: lesson(body: "# One\n\n```cachelab\ncache capacity=2\ngett a\n```\n")], ["lint"]),
        Case("scenario-value-over-limit", [one: lesson(body: "# One\n\n```cachelab\nworkload zipf keys=10 requests=1000000000000\n```\n")], ["lint"]),
        Case("scenario-step-fails", [one: lesson(body: "# One\n\n```cachelab id=clock\ncache capacity=2\nget a\nadvance 10000h\n```\n\n```output\n```\n")], ["test"]),
        Case("block-output-differs", [one: lesson(body: "# One\n\n```cachelab\ncache capacity=2\nget a\nstats\n```\n\n```output\nnot this\n```\n")], ["test"]),
        Case("block-without-output", [one: lesson(body: "# One\n\n```cachelab\nget a\n```\n")], ["test"]),
        // Exercises
        Case("exercise-invalid-yaml", [one: exercise("id: q\ntype: [text\nprompt: P")], ["lint"]),
        Case("exercise-unknown-type", [one: exercise("id: q\ntype: essay\nprompt: P\nanswer: x")], ["lint"]),
        Case("exercise-id-not-slug", [one: exercise("id: Q 1\ntype: text\nprompt: P\nanswer: x")], ["lint"]),
        Case("exercise-missing-prompt", [one: exercise("id: q\ntype: text\nanswer: x")], ["lint"]),
        Case("exercise-duplicate-id", [one: lesson(body: "# One\n\n```exercise\nid: q\ntype: text\nprompt: P\nanswer: x\n```\n\n```exercise\nid: q\ntype: text\nprompt: P\nanswer: y\n```\n")], ["lint"]),
        Case("exercise-choice-answer-unknown", [one: exercise("id: q\ntype: choice\nprompt: P\nchoices: [A, B]\nanswer: c")], ["lint"]),
        Case("exercise-negative-tolerance", [one: exercise("id: q\ntype: number\nprompt: P\nanswer: 3\ntolerance: -1")], ["lint"]),
        Case("exercise-answer-from-unknown-block", [one: exercise("id: q\ntype: number\nprompt: P\nanswer: {from: nowhere, metric: hits}")], ["lint"]),
        Case("exercise-answer-unknown-metric", [one: exercise("id: q\ntype: number\nprompt: P\nanswer: {from: b, metric: speed}",
                                                              blocks: "```cachelab id=b\nget a\n```\n\n")], ["lint"]),
        Case("scenario-exercise-without-goals", [one: exercise("id: q\ntype: scenario\nprompt: P\nworkload: |\n  get a\nsolution: |\n  cache capacity=2")], ["lint"]),
        Case("scenario-exercise-bad-goal", [one: exercise("id: q\ntype: scenario\nprompt: P\nworkload: |\n  get a\ngoals: [hit-ratio is high]\nsolution: |\n  cache capacity=2")], ["lint"]),
        Case("scenario-exercise-without-solution", [one: exercise("id: q\ntype: scenario\nprompt: P\nworkload: |\n  get a\ngoals: [hits >= 1]")], ["lint"]),
        Case("scenario-solution-misses-goals", [one: exercise("id: q\ntype: scenario\nprompt: P\nworkload: |\n  get a\n  get a\ngoals: [hits >= 5]\nsolution: |\n  cache capacity=2")], ["test"]),
        // Commands
        Case("unknown-lesson", [one: lesson()], ["read", "on3", "--no-pager"]),
        Case("unknown-exercise", [one: exercise("id: quiz\ntype: text\nprompt: P\nanswer: x")], ["check", "one", "quiz2", "x"]),
        Case("bad-option-value", [one: lesson()], ["list", "--width", "wide"]),
        Case("unknown-option", [one: lesson()], ["list", "--colour"]),
        Case("build-into-foreign-folder", [one: lesson(), "notes/keep.txt": "mine"], ["build", "--out", "COURSE/notes"]),
        Case("lab-unknown-policy", [:], ["lab", "--workload", "uniform", "--keys", "10", "--requests", "10", "--policies", "lru,lfru"]),
        Case("lab-missing-trace", [:], ["lab", "--trace", "COURSE/missing.txt"]),
        Case("run-missing-file", [:], ["run", "--file", "COURSE/missing.lab"]),
        Case("run-file-not-utf8", [:], bytes: ["bad.lab": Data("cache capacity=2\nget caf".utf8) + Data([0xE9, 0x0A])], ["run", "--file", "COURSE/bad.lab"]),
        Case("run-file-too-large", ["huge.lab": String(repeating: "get a\n", count: 800_000)], ["run", "--file", "COURSE/huge.lab"]),
        Case("run-too-many-events", ["outage.lab": "pattern write-back queue=1 when-full=block\nfault down from=0 to=8000h\nput a 1\nput b 2\n"],
             ["run", "--file", "COURSE/outage.lab"]),
        Case("run-cache-server-refuses", ["a.lab": "get a\n"], ["run", "--file", "COURSE/a.lab", "--cache", "redis://:secret@127.0.0.1:1"], isOneLine: true),
        Case("run-store-server-refuses", ["a.lab": "get a\n"], ["run", "--file", "COURSE/a.lab", "--store", "postgres://me:secret@127.0.0.1:1/db"], isOneLine: true),
        Case("run-bad-cache-url", ["a.lab": "get a\n"], ["run", "--file", "COURSE/a.lab", "--cache", "http://127.0.0.1:6379"]),
        Case("check-without-answer", [one: exercise("id: quiz\ntype: text\nprompt: P\nanswer: x")], ["check", "one", "quiz"], stdin: ""),
        Case("ambiguous-lesson", [one: lesson(), "foundations/two.md": lesson("id: one-more\ntitle: Two\nphase: foundations\norder: 2\nduration: 10m")],
             ["read", "on", "--no-pager"]),
        Case("progress-import-missing", [one: lesson()], ["progress", "--import", "COURSE/missing.json"]),
        Case("progress-import-not-progress", [one: lesson(), "notes.json": "{\"hello\": 1}"], ["progress", "--import", "COURSE/notes.json"]),
        Case("done-unknown-item", [one: lesson()], ["done", "nothing"]),
        Case("test-junit-unwritable", [one: lesson()], ["test", "--junit", "COURSE/no/such/folder/report.xml"]),
        Case("resource-unsafe-url", ["course.yml": course + "resources:\n  - {title: Evil, url: \"javascript:alert(1)\"}\n", one: lesson()], ["lint"]),
        Case("exercise-empty-answer", [one: exercise("id: q\ntype: text\nprompt: P\nanswer: []")], ["lint"]),
        Case("exercise-solution-file-missing", [one: exercise("id: q\ntype: scenario\nprompt: P\nworkload: |\n  get a\ngoals: [hits >= 0]\nsolution-file: q.lab")], ["lint"]),
    ]

    private static let expected = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Expected/errors")

    @Test(arguments: cases)
    func message(_ entry: Case) throws {
        try TemporaryCourse.with { course in
            if entry.files["course.yml"] == nil { try course.write(Self.course, to: "course.yml") }
            for (path, data) in entry.files { try course.write(data, to: path) }
            var arguments = entry.arguments.map { $0.replacingOccurrences(of: "COURSE", with: course.path) }
            if !["lab", "run"].contains(arguments[0]) { arguments += ["--course", course.path] }
            let result = try runCachebook(arguments, environment: ["NO_COLOR": "1", "COLUMNS": "100"], stdin: entry.stdin,
                                          currentDirectory: URL(fileURLWithPath: course.path))
            let transcript = ("$ cachebook " + entry.arguments.joined(separator: " ") + "\n" + result.stdout + result.stderr
                              + "[exit \(result.status)]\n").replacingOccurrences(of: course.path, with: "COURSE")
            try compare(transcript, entry.name)

            let hasErrors = transcript.contains("error:") || transcript.contains("Error:")
            #expect(hasErrors == (result.status != 0), "errors exit non-zero, warnings alone exit 0")
            for forbidden in ["Fatal error", "Stack dump", "Backtrace", "Swift/", "0x0000"] {
                #expect(!transcript.contains(forbidden), "a stack trace or crash: \(forbidden)")
            }
            let lines = transcript.split(separator: "\n").map(String.init)
            let problems = lines.filter { $0.contains("error:") || $0.contains("warning:") || $0.hasPrefix("Error:") }
            #expect(!problems.isEmpty, "no error or warning line")
            if entry.isOneLine {
                #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
                #expect(!result.stderr.contains("secret"), "the password is hidden")
                return
            }
            for (index, line) in lines.enumerated() where line.contains("error: ") || line.contains("warning: ") {
                if line.contains(": error: ") || line.contains(": warning: ") {
                    #expect(line.range(of: #"^\S+:\d+(:\d+)?: (error|warning): \S"#, options: .regularExpression) != nil,
                            "names no file and line: \(line)")
                }
                // Command errors (`error: …` with no file) need a way out just as much.
                let next = index + 1 < lines.count ? lines[index + 1] : ""
                #expect(next.hasPrefix("  hint: ") || next.hasPrefix("  fix: ") || next.hasPrefix("---"),
                        "says no way to fix: \(line)")
            }
        }
    }

    private func compare(_ transcript: String, _ name: String) throws {
        let file = Self.expected.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["CACHEBOOK_RECORD_ERRORS"] != nil {
            try FileManager.default.createDirectory(at: Self.expected, withIntermediateDirectories: true)
            try transcript.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        try expectOutput(transcript, matches: "errors/" + name + ".txt")
    }

    @Test(.disabled(if: ProcessInfo.processInfo.environment["CACHEBOOK_RECORD_ERRORS"] != nil, "the files are being written"))
    func everyExpectedFileHasACase() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.expected.path).filter { $0.hasSuffix(".txt") }
        #expect(Set(files.map { String($0.dropLast(4)) }) == Set(Self.cases.map(\.name)))
    }
}
