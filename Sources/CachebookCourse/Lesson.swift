import CachebookMarkdown
import Foundation

/// One lesson: its front matter and its Markdown body.
public struct Lesson: Hashable, Sendable {
    public var id: String
    public var title: String
    public var phase: String
    public var order: Int
    public var duration: LessonDuration
    public var requires: [Requirement]
    public var objectives: [String]
    public var summary: String
    public var file: URL
    /// The file as shown in messages: relative to the working directory when inside it.
    public var displayPath: String
    /// The file relative to the course folder, as authors name it (`core/write-through.md`).
    public var coursePath: String
    /// The Markdown after the front matter, with line endings normalized to `\n`.
    public var body: String
    /// How many lines of the file come before `body`, so body line numbers map to file lines.
    public var bodyLineOffset: Int
    /// Where each front matter field's value is, for diagnostics about them.
    public var fieldLocations: [String: FileLocation]
    /// Where each entry of `requires` is.
    public var requirementLocations: [Requirement: FileLocation]
    /// The bytes of the file, as read: what everything above was made from. Empty for a lesson
    /// not read from a file.
    public var source: Data

    public init(
        id: String, title: String, phase: String, order: Int, duration: LessonDuration,
        requires: [Requirement] = [], objectives: [String] = [], summary: String = "",
        file: URL, displayPath: String, coursePath: String, body: String, bodyLineOffset: Int,
        fieldLocations: [String: FileLocation] = [:], requirementLocations: [Requirement: FileLocation] = [:], source: Data = Data()
    ) {
        self.id = id
        self.title = title
        self.phase = phase
        self.order = order
        self.duration = duration
        self.requires = requires
        self.objectives = objectives
        self.summary = summary
        self.file = file
        self.displayPath = displayPath
        self.coursePath = coursePath
        self.body = body
        self.bodyLineOffset = bodyLineOffset
        self.fieldLocations = fieldLocations
        self.requirementLocations = requirementLocations
        self.source = source
    }

    /// The parsed body. Line numbers are those of the whole file.
    ///
    /// - Complexity: O(*n*) in the length of the body; each call parses again.
    public func parseBody() -> MarkdownDocument {
        CommonMarkConverter.parse(body, lineOffset: bodyLineOffset)
    }

    /// Where a front matter field's value is, for diagnostics; the file's start if it is absent.
    public func location(ofField field: String) -> FileLocation {
        fieldLocations[field] ?? FileLocation(path: displayPath, line: 1)
    }

    /// Where one entry of `requires` is written.
    public func location(of requirement: Requirement) -> FileLocation {
        requirementLocations[requirement] ?? location(ofField: "requires")
    }
}
