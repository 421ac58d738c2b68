import CachebookMarkdown
import Foundation

/// One lesson: its front matter and its Markdown body.
///
/// A value, kept in one shared box that is copied only when a shared lesson is changed: every
/// pass over a course copies its lessons, and a copy of sixteen fields retained a dozen objects
/// (about a thirtieth of a site build); a copy of the box retains one.
public struct Lesson: Hashable, Sendable {
    public var id: String {
        get { box.fields.id }
        set { uniqueFields.id = newValue }
    }
    public var title: String {
        get { box.fields.title }
        set { uniqueFields.title = newValue }
    }
    public var phase: String {
        get { box.fields.phase }
        set { uniqueFields.phase = newValue }
    }
    public var order: Int {
        get { box.fields.order }
        set { uniqueFields.order = newValue }
    }
    public var duration: LessonDuration {
        get { box.fields.duration }
        set { uniqueFields.duration = newValue }
    }
    public var requires: [Requirement] {
        get { box.fields.requires }
        set { uniqueFields.requires = newValue }
    }
    public var objectives: [String] {
        get { box.fields.objectives }
        set { uniqueFields.objectives = newValue }
    }
    public var summary: String {
        get { box.fields.summary }
        set { uniqueFields.summary = newValue }
    }
    public var file: URL {
        get { box.fields.file }
        set { uniqueFields.file = newValue }
    }
    /// The file as shown in messages: relative to the working directory when inside it.
    public var displayPath: String {
        get { box.fields.displayPath }
        set { uniqueFields.displayPath = newValue }
    }
    /// The file relative to the course folder, as authors name it (`core/write-through.md`).
    public var coursePath: String {
        get { box.fields.coursePath }
        set { uniqueFields.coursePath = newValue }
    }
    /// The Markdown after the front matter, with line endings normalized to `\n`.
    public var body: String {
        get { box.fields.body }
        set { uniqueFields.body = newValue }
    }
    /// How many lines of the file come before `body`, so body line numbers map to file lines.
    public var bodyLineOffset: Int {
        get { box.fields.bodyLineOffset }
        set { uniqueFields.bodyLineOffset = newValue }
    }
    /// Where each front matter field's value is, for diagnostics about them.
    public var fieldLocations: [String: FileLocation] {
        get { box.fields.fieldLocations }
        set { uniqueFields.fieldLocations = newValue }
    }
    /// Where each entry of `requires` is.
    public var requirementLocations: [Requirement: FileLocation] {
        get { box.fields.requirementLocations }
        set { uniqueFields.requirementLocations = newValue }
    }
    /// The bytes of the file, as read: what everything above was made from. Empty for a lesson
    /// not read from a file.
    public var source: Data {
        get { box.fields.source }
        set { uniqueFields.source = newValue }
    }

    private var box: Box

    /// The stored fields.
    private struct Fields: Hashable {
        var id: String
        var title: String
        var phase: String
        var order: Int
        var duration: LessonDuration
        var requires: [Requirement]
        var objectives: [String]
        var summary: String
        var file: URL
        var displayPath: String
        var coursePath: String
        var body: String
        var bodyLineOffset: Int
        var fieldLocations: [String: FileLocation]
        var requirementLocations: [Requirement: FileLocation]
        var source: Data
    }

    // Changed only through `uniqueFields`, once no other lesson shares it.
    private final class Box: @unchecked Sendable {
        var fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }

    /// The fields, for changing: the box is copied first if another lesson shares it.
    private var uniqueFields: Fields {
        get { box.fields }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
            yield &box.fields
        }
    }

    public init(
        id: String, title: String, phase: String, order: Int, duration: LessonDuration,
        requires: [Requirement] = [], objectives: [String] = [], summary: String = "",
        file: URL, displayPath: String, coursePath: String, body: String, bodyLineOffset: Int,
        fieldLocations: [String: FileLocation] = [:], requirementLocations: [Requirement: FileLocation] = [:], source: Data = Data()
    ) {
        box = Box(Fields(id: id, title: title, phase: phase, order: order, duration: duration, requires: requires, objectives: objectives,
                         summary: summary, file: file, displayPath: displayPath, coursePath: coursePath, body: body,
                         bodyLineOffset: bodyLineOffset, fieldLocations: fieldLocations, requirementLocations: requirementLocations,
                         source: source))
    }

    public static func == (lhs: Lesson, rhs: Lesson) -> Bool {
        lhs.box === rhs.box || lhs.box.fields == rhs.box.fields
    }

    public func hash(into hasher: inout Hasher) {
        box.fields.hash(into: &hasher)
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
