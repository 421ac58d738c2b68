import CachebookCourse
import CachebookMarkdown
import CachebookNotebook
import Foundation
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let seedsFolder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/seeds")

/// The course's lessons as notebooks, in course order.
private let notebooks: [LessonNotebook] = {
    guard let loaded = try? CourseLoader(rootDirectory: packageRoot.appendingPathComponent("Lessons"), workingDirectory: packageRoot).load() else {
        return []
    }
    return loaded.course.lessons.map(LessonNotebook.init(lesson:))
}()

@Suite("Every lesson follows the course's rules")
struct CourseRulesTests {
    /// Per lesson: runnable blocks, `output` blocks, exercises, and which exercise types it uses.
    static let expected: [(id: String, blocks: Int, outputs: Int, exercises: Int, types: Set<String>)] = [
        ("cache-patterns-overview", 9, 9, 6, ["choice", "multi", "number", "text"]),
        ("read-through", 7, 7, 5, ["choice", "multi", "number", "scenario"]),
        ("write-through", 7, 7, 4, ["choice", "multi", "number", "scenario"]),
        ("write-back-and-write-around", 9, 9, 6, ["choice", "multi", "number", "text"]),
        ("pattern-comparison", 10, 10, 7, ["choice", "number", "scenario"]),
        ("use-case-selection", 9, 9, 5, ["choice", "multi", "number", "scenario"]),
        ("hybrid-patterns", 7, 7, 5, ["choice", "multi", "number", "scenario"]),
        ("performance-optimization", 8, 8, 6, ["choice", "multi", "number", "scenario"]),
    ]

    @Test func eachLessonHasTheCountsItShould() throws {
        #expect(notebooks.count == 8)
        for notebook in notebooks {
            let id = notebook.lesson.id
            let blocks = notebook.cells.runnableBlocks.count
            let outputs = notebook.cells.runnableBlocks.filter { $0.expectedOutput != nil }.count
            let types = Set(notebook.exercises.map(\.kind.name))
            let row = try #require(Self.expected.first { $0.id == id }, "no expected counts for \(id)")
            #expect(blocks == row.blocks, "\(id): runnable blocks")
            #expect(outputs == row.outputs, "\(id): output blocks")
            #expect(notebook.exercises.count == row.exercises, "\(id): exercises")
            #expect(types == row.types, "\(id): exercise types")
            // The floor every lesson must meet, whatever the table says.
            #expect(blocks >= 2 && outputs == blocks, "\(id) needs at least two runnable blocks, each with its output")
            #expect(notebook.exercises.count >= 3 && types.count >= 2, "\(id) needs at least three exercises of mixed types")
            #expect(notebook.exercises.contains(where: Self.isComputedOrScenario), "\(id) needs a computed number or a scenario exercise")
            #expect(notebook.diagnostics.isEmpty, "\(id): \(notebook.diagnostics)")
        }
    }

    @Test func useCaseSelectionAndHybridPatternsHaveScenarioExercises() {
        for id in ["use-case-selection", "hybrid-patterns"] {
            let notebook = notebooks.first { $0.lesson.id == id }
            #expect(notebook?.exercises.contains { $0.kind.name == "scenario" } == true, "\(id)")
        }
    }

    @Test func objectivesComeFirstAndARecapCloses() {
        for notebook in notebooks {
            let id = notebook.lesson.id
            #expect((3...6).contains(notebook.lesson.objectives.count), "\(id): objectives")
            guard case .heading(let title)? = notebook.document.blocks.first else {
                Issue.record("\(id) should open with its title")
                continue
            }
            #expect(title.level == 1, "\(id)")
            // The last section is the recap: a heading, then a list of about five points.
            let headings = notebook.document.blocks.enumerated().compactMap { index, block -> (Int, Heading)? in
                if case .heading(let heading) = block, heading.level == 2 { return (index, heading) }
                return nil
            }
            guard let (index, heading) = headings.last else {
                Issue.record("\(id) has no sections")
                continue
            }
            #expect(plainText(heading.content) == "Recap", "\(id): the last section is \(plainText(heading.content))")
            let recap = notebook.document.blocks[(index + 1)...]
            let items = recap.compactMap { block -> Int? in
                if case .list(let list) = block { return list.items.count }
                return nil
            }.reduce(0, +)
            #expect((4...6).contains(items), "\(id): \(items) recap points")
        }
    }

    private static func isComputedOrScenario(_ exercise: Exercise) -> Bool {
        switch exercise.kind {
        case .number(let question):
            if case .computed = question.answer { return true }
            return false
        case .scenario:
            return true
        default:
            return false
        }
    }
}

@Suite("The lessons are written fresh, not copied from the source documents")
struct OriginalityTests {
    static let runLength = 8

    @Test(.enabled(if: FileManager.default.fileExists(atPath: seedsFolder.path),
                   "the source documents are not here (../shared/seeds), so the originality check is skipped"))
    func noLessonSharesEightConsecutiveWordsWithTheSeeds() throws {
        var seedRuns: Set<String> = []
        for name in try FileManager.default.contentsOfDirectory(atPath: seedsFolder.path).sorted() {
            let text = try String(contentsOf: seedsFolder.appendingPathComponent(name), encoding: .utf8)
            seedRuns.formUnion(Self.runs(of: Self.words(text)))
        }
        #expect(!seedRuns.isEmpty)
        let files = notebooks.map(\.lesson.file) + [packageRoot.appendingPathComponent("Lessons/course.yml")]
        for file in files {
            let words = Self.words(try String(contentsOf: file, encoding: .utf8))
            let shared = Self.runs(of: words).filter(seedRuns.contains)
            #expect(shared.isEmpty, "\(file.lastPathComponent) shares with the seeds: \(shared.sorted().prefix(5))")
        }
    }

    @Test func theCheckFindsACopiedSentence() {
        let seed = Self.runs(of: Self.words("Caching is a fundamental technique in system design that stores data."))
        let copied = Self.runs(of: Self.words("As we know, caching is a FUNDAMENTAL technique in system-design that stores things."))
        #expect(!seed.isDisjoint(with: copied))
        let fresh = Self.runs(of: Self.words("A cache keeps a copy of hot data close to the code that needs it."))
        #expect(seed.isDisjoint(with: fresh))
    }

    /// Lowercased words, with every character that is not a letter or a digit a separator.
    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    static func runs(of words: [String]) -> Set<String> {
        guard words.count >= runLength else { return [] }
        return Set((0...(words.count - runLength)).map { words[$0..<($0 + runLength)].joined(separator: " ") })
    }
}

/// The text of inline content, without markup.
private func plainText(_ inlines: [Inline]) -> String {
    inlines.map { inline in
        switch inline {
        case .text(let text), .code(let text): text
        case .emphasis(let children), .strong(let children): plainText(children)
        case .link(let link): plainText(link.content)
        case .image(let image): plainText(image.alt)
        case .softBreak, .lineBreak: " "
        case .html: ""
        }
    }.joined()
}
