import CachebookMarkdown
import Foundation

/// One lesson: its front matter and its Markdown body.
///
/// A value, kept in one shared box that is copied only when a shared lesson is changed: every
/// pass over a course copies its lessons, and a copy of sixteen fields retained a dozen objects
/// (about 4% of a site build on one core); a copy of the box retains one.
public struct Lesson: Hashable, Sendable, CustomReflectable {
    public var id: String {
        get { box.fields.id }
        _modify { yield &uniqueFields.id }
    }
    public var title: String {
        get { box.fields.title }
        _modify { yield &uniqueFields.title }
    }
    public var phase: String {
        get { box.fields.phase }
        _modify { yield &uniqueFields.phase }
    }
    public var order: Int {
        get { box.fields.order }
        _modify { yield &uniqueFields.order }
    }
    public var duration: LessonDuration {
        get { box.fields.duration }
        _modify { yield &uniqueFields.duration }
    }
    public var requires: [Requirement] {
        get { box.fields.requires }
        _modify { yield &uniqueFields.requires }
    }
    public var objectives: [String] {
        get { box.fields.objectives }
        _modify { yield &uniqueFields.objectives }
    }
    public var summary: String {
        get { box.fields.summary }
        _modify { yield &uniqueFields.summary }
    }
    public var file: URL {
        get { box.fields.file }
        _modify { yield &uniqueFields.file }
    }
    /// The file as shown in messages: relative to the working directory when inside it.
    public var displayPath: String {
        get { box.fields.displayPath }
        _modify { yield &uniqueFields.displayPath }
    }
    /// The file relative to the course folder, as authors name it (`core/write-through.md`).
    public var coursePath: String {
        get { box.fields.coursePath }
        _modify { yield &uniqueFields.coursePath }
    }
    /// The Markdown after the front matter, with line endings normalized to `\n`.
    public var body: String {
        get { box.fields.body }
        _modify { yield &uniqueFields.body }
    }
    /// How many lines of the file come before `body`, so body line numbers map to file lines.
    public var bodyLineOffset: Int {
        get { box.fields.bodyLineOffset }
        _modify { yield &uniqueFields.bodyLineOffset }
    }
    /// Where each front matter field's value is, for diagnostics about them.
    public var fieldLocations: [String: FileLocation] {
        get { box.fields.fieldLocations }
        _modify { yield &uniqueFields.fieldLocations }
    }
    /// Where each entry of `requires` is.
    public var requirementLocations: [Requirement: FileLocation] {
        get { box.fields.requirementLocations }
        _modify { yield &uniqueFields.requirementLocations }
    }
    /// The bytes of the file, as read: what everything above was made from. Empty for a lesson
    /// not read from a file.
    public var source: Data {
        get { box.fields.source }
        _modify { yield &uniqueFields.source }
    }

    private var box: Box

    /// The stored fields.
    private struct Fields: Hashable, Sendable {
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

    /// The fields, as a lesson is printed or dumped (not its box).
    public var customMirror: Mirror {
        Mirror(self, children: Mirror(reflecting: box.fields).children, displayStyle: .struct)
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
