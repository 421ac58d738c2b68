import CachebookCourse
import Foundation
import Testing

@Suite("Lint reports one diagnostic per problem, at the right place")
struct LintDiagnosticsTests {
    /// Each broken fixture lesson and the diagnostic it must produce: path, line, column, message.
    static let expected: [(String, Int, Int, String)] = [
        ("advanced/bad-duration.md", 6, 11, "cannot read duration `soon`"),
        ("advanced/bad-yaml.md", 4, 6, "the front matter is not valid YAML: did not find expected ',' or ']'"),
        ("advanced/cycle-a.md", 7, 11, "prerequisites form a cycle: cycle-a → cycle-b → cycle-a"),
        ("advanced/latin1.md", 3, 11, "the file is not valid UTF-8"),
        ("core/bad-slug.md", 2, 5, "lesson id `Bad Slug` is not a slug"),
        ("core/duplicate-b.md", 2, 5, "duplicate lesson id `twin`, already used by core/duplicate-a.md:2"),
        ("core/unknown-phase.md", 4, 8, "unknown phase `basics`"),
        ("core/unknown-requirement.md", 7, 12, "`requires` names unknown lesson `nowhere`"),
        ("foundations/empty.md", 1, 1, "the lesson file is empty"),
        ("foundations/missing-title.md", 2, 1, "missing required field `title` in the front matter"),
        ("foundations/no-front-matter.md", 1, 1, "missing front matter"),
        ("foundations/unclosed.md", 1, 1, "the front matter is not closed"),
        ("foundations/wrong-type.md", 5, 8, "`order` must be a whole number, not `second`"),
    ]

    @Test func brokenCourseGivesExactlyTheExpectedDiagnostics() throws {
        let loaded = try load(fixtures.appendingPathComponent("broken-course"))
        let actual = loaded.diagnostics.map { ($0.path, $0.line, $0.column, $0.message) }
        #expect(actual.count == Self.expected.count)
        for (got, want) in zip(actual, Self.expected) {
            #expect(got == want)
        }
        #expect(loaded.diagnostics.allSatisfy { $0.severity == .error && !$0.hint.isEmpty })
        #expect(loaded.diagnostics.containsErrors)
    }

    @Test func windowsLineEndingsAndByteOrderMarkAreFine() throws {
        let loaded = try load(fixtures.appendingPathComponent("broken-course"))
        let lesson = try #require(loaded.course.lesson(withID: "crlf-bom"))
        #expect(lesson.title == "Windows line endings")
        #expect(lesson.duration.minutes == 15)
        #expect(lesson.body.contains("\r") == false)
        #expect(!loaded.diagnostics.contains { $0.path.hasSuffix("crlf-bom.md") })
    }

    @Test func diagnosticsPrintAsPathLineColumnThenHint() {
        let diagnostic = Diagnostic(.error, path: "core/x.md", line: 3, column: 7, message: "bad", hint: "fix it")
        #expect(diagnostic.description == "core/x.md:3:7: error: bad\n  hint: fix it")
    }

    @Test func unknownFieldsAreWarningsWithASuggestion() throws {
        try withTemporaryDirectory { directory in
            try write(minimalCourseFile, to: "course.yml", in: directory)
            try write(lessonText(id: "one", extra: "objectivs: [typo]\n"), to: "foundations/one.md", in: directory)
            let loaded = try load(directory)
            #expect(loaded.diagnostics.map(\.message) == ["unknown field `objectivs` in the front matter"])
            #expect(loaded.diagnostics.first?.hint == "did you mean `objectives`?")
            #expect(loaded.diagnostics.first?.severity == .warning)
        }
    }

    @Test func aBrokenOrderIsOneErrorNotAlsoADuplicateAndAnEmptyTitleIsAnError() throws {
        try withTemporaryDirectory { directory in
            try write(minimalCourseFile, to: "course.yml", in: directory)
            for (name, order) in [("one", "first"), ("two", "1.5")] {
                try write("---\nid: \(name)\ntitle: \"\"\nphase: foundations\norder: \(order)\nduration: 10m\n---\n", to: "foundations/\(name).md", in: directory)
            }
            let loaded = try load(directory)
            #expect(loaded.diagnostics.map { "\($0.path.split(separator: "/").last!):\($0.line) \($0.message)" } == [
                "one.md:3 `title` is empty",
                "one.md:5 `order` must be a whole number, not `first`",
                "two.md:3 `title` is empty",
                "two.md:5 `order` must be a whole number, not `1.5`",
            ])
        }
    }

    @Test func resourceAndVideoLinksThatCouldRunCodeAreErrors() throws {
        try withTemporaryDirectory { directory in
            let course = minimalCourseFile + """

                resources:
                  - {title: Fine, url: "https://example.org"}
                  - {title: Evil, url: "JavaScript:alert(document.cookie)"}
                videos:
                  - {title: Worse, url: "data:text/html,<script>x</script>"}
                """
            try write(course, to: "course.yml", in: directory)
            try write(lessonText(id: "one"), to: "foundations/one.md", in: directory)
            let loaded = try load(directory)
            #expect(loaded.diagnostics.map { "\($0.line):\($0.column) \($0.message)" } == [
                "8:24 `url` uses a scheme the site cannot link to: `JavaScript:alert(document.cookie)`",
                "10:25 `url` uses a scheme the site cannot link to: `data:text/html,<script>x</script>`",
            ])
            #expect(loaded.diagnostics.allSatisfy { $0.severity == .error && $0.hint.contains("https") })
            #expect(loaded.course.resources.map(\.title) == ["Fine"])
            #expect(loaded.course.videos.isEmpty)
        }
    }

    @Test func aSymbolicLinkOutOfTheCourseIsSkippedWithAWarning() throws {
        try withTemporaryDirectory { directory in
            let course = directory.appendingPathComponent("course")
            try write(minimalCourseFile, to: "course.yml", in: course)
            try write(lessonText(id: "inside"), to: "foundations/inside.md", in: course)
            try write(lessonText(id: "outside", order: 2), to: "elsewhere/outside.md", in: directory)
            try FileManager.default.createSymbolicLink(
                at: course.appendingPathComponent("foundations/link.md"),
                withDestinationURL: directory.appendingPathComponent("elsewhere/outside.md"))
            let loaded = try load(course)
            #expect(loaded.course.lessons.map(\.id) == ["inside"])
            #expect(loaded.diagnostics.count == 1)
            #expect(loaded.diagnostics.first?.severity == .warning)
            #expect(loaded.diagnostics.first?.message.contains("outside the course folder") == true)
        }
    }

    @Test func lessonsAreTheMarkdownFilesOutsideDraftsHiddenFoldersAndTheTheme() throws {
        try withTemporaryDirectory { directory in
            try write(minimalCourseFile, to: "course.yml", in: directory)
            let lessons = ["foundations/a.md", "foundations/deep/er/b.md", "theme-notes/c.md", "nested/theme/d.md"]
            let ignored = ["README.md", "foundations/readme.md", "_drafts/e.md", "foundations/_f.md", ".hidden/g.md", "foundations/.h.md",
                           "theme/i.md", "foundations/notes.txt", "foundations/j.markdown"]
            for (order, path) in (lessons + ignored).enumerated() {
                let id = String(path.split(separator: "/").last!.prefix { $0 != "." }).lowercased()
                try write(lessonText(id: id == "readme" ? "readme\(order)" : id, order: order + 1), to: path, in: directory)
            }
            // A linked folder is not followed; a linked lesson inside the course is read, even from a draft.
            try withTemporaryDirectory { outside in
                try write(lessonText(id: "k", order: 40), to: "k.md", in: outside)
                try FileManager.default.createSymbolicLink(at: directory.appendingPathComponent("linked-folder"), withDestinationURL: outside)
                try FileManager.default.createSymbolicLink(at: directory.appendingPathComponent("foundations/alias.md"),
                                                           withDestinationURL: directory.appendingPathComponent("_drafts/e.md"))
                let loaded = try load(directory)
                #expect(loaded.course.lessons.map(\.coursePath).sorted() == (lessons + ["foundations/alias.md"]).sorted())
                #expect(!loaded.diagnostics.containsErrors, "\(loaded.diagnostics)")
            }
        }
    }

    @Test func lessonsInTheWrongFolderAndEmptyPhasesAreWarnings() throws {
        try withTemporaryDirectory { directory in
            try write(minimalCourseFile + "\n  - id: core\n    title: Core\n", to: "course.yml", in: directory)
            try write(lessonText(id: "misplaced"), to: "core/misplaced.md", in: directory)
            let loaded = try load(directory)
            #expect(Set(loaded.diagnostics.map(\.message)) == [
                "the lesson is in folder `core/` but its phase is `foundations`",
                "phase `core` has no lessons",
            ])
            #expect(!loaded.diagnostics.containsErrors)
        }
    }

    @Test func aMissingCourseFileFallsBackToTheStandardPhases() throws {
        try withTemporaryDirectory { directory in
            try write(lessonText(id: "solo"), to: "solo.md", in: directory)
            let loaded = try load(directory)
            #expect(loaded.course.phases.map(\.id) == ["foundations", "core", "advanced"])
            #expect(loaded.course.lessons.map(\.id) == ["solo"])
            #expect(loaded.diagnostics.first?.message.hasPrefix("no course.yml") == true)
        }
    }

    @Test func aMissingCourseFolderIsAnErrorNotACrash() {
        #expect(throws: CourseLoadingError.self) {
            try load(URL(fileURLWithPath: "/nonexistent/cachebook-course"))
        }
    }
}
