import CacheLab
import CachebookCourse
import CachebookMarkdown
import Foundation

/// A lesson seen as a notebook: its parsed body, its runnable blocks and its exercises, with
/// every problem in them as a diagnostic.
public struct LessonNotebook: Sendable {
    public let lesson: Lesson
    public let document: MarkdownDocument
    public let cells: NotebookCells
    /// The exercises that parsed, in document order.
    public let exercises: [Exercise]
    public let diagnostics: [Diagnostic]
    /// The other files the lesson's checks looked for (solution files, images in the course),
    /// with whether each was there: a build that reuses the lesson checks they still are.
    public let referencedFiles: [String: Bool]
    /// The scenario of each runnable block, in the order of `cells.runnableBlocks`, or `nil`
    /// where it does not parse: parsed once here for lint, and run from here.
    public let scenarios: [Scenario?]

    /// Parses `lesson`'s body and its exercise blocks.
    ///
    /// - Complexity: O(*n*) in the size of the lesson.
    public init(lesson: Lesson) {
        self.lesson = lesson
        document = lesson.parseBody()
        cells = NotebookCells(document)
        var diagnostics: [Diagnostic] = []
        var referencedFiles: [String: Bool] = [:]
        var exercises: [Exercise] = []
        for block in cells.exerciseBlocks {
            let (exercise, problems) = ExerciseParser.parse(block, lessonPath: lesson.displayPath)
            diagnostics += problems
            guard let exercise else { continue }
            if exercises.contains(where: { $0.id == exercise.id }) {
                diagnostics.append(.error("duplicate exercise id `\(exercise.id)` in this lesson", at: exercise.location,
                                          hint: "give each exercise of a lesson its own id"))
            } else {
                exercises.append(exercise)
            }
        }
        let blockIDs = cells.runnableBlocks.compactMap(\.id)
        var seenBlockIDs: Set<String> = []
        for block in cells.runnableBlocks {
            let location = FileLocation(path: lesson.displayPath, line: block.range.start.line)
            if let id = block.id, !CourseLoader.isSlug(id) {
                diagnostics.append(.error("block id `\(id)` is not a slug", at: location,
                                          hint: "use lowercase letters, digits and single hyphens, like `id=\(CourseLoader.slugified(id))`"))
            } else if let id = block.id, !seenBlockIDs.insert(id).inserted {
                diagnostics.append(.error("duplicate block id `\(id)` in this lesson", at: location,
                                          hint: "give each runnable block of a lesson its own `id=`"))
            }
            for attribute in block.info.attributes.keys.sorted() where !RunnableBlock.knownAttributes.contains(attribute) {
                diagnostics.append(.warning("unknown block option `\(attribute)`", at: location,
                                            hint: ClosestMatch.suggestion(for: attribute, among: RunnableBlock.knownAttributes).map { "did you mean `\($0)`?" }
                                                ?? "known options are " + RunnableBlock.knownAttributes.map { "`\($0)=`" }.joined(separator: ", ")))
            }
        }
        var scenarios: [Scenario?] = []
        for block in cells.runnableBlocks {
            do {
                scenarios.append(try ScenarioParser.parse(block.source))
            } catch {
                scenarios.append(nil)
                diagnostics.append(block.fileDiagnostic(error, lessonPath: lesson.displayPath))
            }
        }
        self.scenarios = scenarios
        for exercise in exercises {
            var metrics: [String] = []
            switch exercise.kind {
            case .number(let question):
                guard case .computed(let blockID, let metric) = question.answer else { break }
                metrics.append(metric)
                if !blockIDs.contains(blockID) {
                    diagnostics.append(.error("exercise `\(exercise.id)` computes its answer from block `\(blockID)`, which this lesson does not have",
                                              at: exercise.location,
                                              hint: ClosestMatch.suggestion(for: blockID, among: blockIDs).map { "did you mean `\($0)`?" }
                                                ?? "add `id=\(blockID)` to the info string of a `cachelab` block"))
                }
            case .scenario(let challenge):
                metrics += challenge.goals.map(\.metric)
                guard let name = challenge.solutionFile else { break }
                // A name that leads out of the lesson's folder is never read.
                let solution = lesson.solutionFile(named: name)?.path ?? ""
                referencedFiles[solution] = FileManager.default.fileExists(atPath: solution)
                if referencedFiles[solution] != true {
                    diagnostics.append(.error("cannot read the solution file `\(name)` of exercise `\(exercise.id)`", at: exercise.location,
                                              hint: "put the file in the lesson's folder, next to \(lesson.file.lastPathComponent)"))
                }
            default:
                break
            }
            let known = Metric.allCases.map(\.rawValue)
            for metric in metrics where !known.contains(metric) {
                diagnostics.append(.error("exercise `\(exercise.id)` asks for unknown metric `\(metric)`", at: exercise.location,
                                          hint: ClosestMatch.suggestion(for: metric, among: known).map { "did you mean `\($0)`?" }
                                            ?? "known metrics: " + known.joined(separator: ", ")))
            }
        }
        // Images from elsewhere become their alt text on the site; local ones must exist.
        for image in document.images where LinkTarget.isSafe(image.source) && !image.source.contains("://") && !image.source.hasPrefix("//") {
            let location = FileLocation(path: lesson.displayPath, line: image.line)
            guard let path = lesson.courseImagePath(image.source) else {
                diagnostics.append(.warning("the image `\(image.source)` is outside the course, so the site shows its alt text",
                                            at: location, hint: "copy the image into the course folder and refer to it from there"))
                continue
            }
            let file = lesson.courseDirectory.appendingPathComponent(path).path
            referencedFiles[file] = FileManager.default.fileExists(atPath: file)
            if referencedFiles[file] != true {
                diagnostics.append(.warning("the image `\(image.source)` is not in the course", at: location,
                                            hint: "add \(path) to the course folder, or fix the path (it is relative to the lesson's folder)"))
            }
        }
        for stray in cells.strayOutputBlocks {
            diagnostics.append(.warning("this `output` block does not follow a `cachelab` block, so nothing checks it",
                                        at: FileLocation(path: lesson.displayPath, line: stray.range.start.line),
                                        hint: "move it right after the runnable block it belongs to, or make it a plain code block"))
        }
        self.exercises = exercises
        self.diagnostics = diagnostics.sortedByLocation()
        self.referencedFiles = referencedFiles
    }

    public func exercise(withID id: String) -> Exercise? {
        exercises.first { $0.id == id }
    }

    public func runnableBlock(withID id: String) -> RunnableBlock? {
        cells.runnableBlocks.first { $0.id == id }
    }
}

extension RunnableBlock {
    /// The attributes a `cachelab` info string may carry.
    public static let knownAttributes = ["id", "title", "show", "width"]
}

extension Lesson {
    /// The file a scenario exercise's `solution-file:` names, or `nil` if the name leads out of
    /// the lesson's folder: solutions live next to their lesson.
    public func solutionFile(named name: String) -> URL? {
        let folder = file.deletingLastPathComponent().standardizedFileURL
        let url = folder.appendingPathComponent(name).standardizedFileURL
        return url.path.hasPrefix(folder.path + "/") ? url : nil
    }
}
