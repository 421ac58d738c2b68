import Foundation

/// Any Markdown file opened by path, with or without front matter, so authors can preview drafts.
/// Unlike lessons of a course it is read leniently: front matter that does not parse is shown as
/// part of the text instead of failing.
public struct DraftFile: Sendable {
    public var title: String?
    public var objectives: [String]
    public var body: String
    public var bodyLineOffset: Int

    /// The draft as a lesson outside any course, so that its notebook cells can run.
    public func lesson(file: URL, displayPath: String) -> Lesson {
        let name = file.deletingPathExtension().lastPathComponent
        return Lesson(
            id: CourseLoader.slugified(name), title: title ?? name, phase: "draft", order: 0, duration: LessonDuration(minutes: 0),
            objectives: objectives, file: file, displayPath: displayPath, coursePath: file.lastPathComponent,
            body: body, bodyLineOffset: bodyLineOffset)
    }

    /// Reads `url`.
    public static func read(_ url: URL) throws(CourseLoadingError) -> DraftFile {
        let text: String
        do {
            text = try SourceText(contentsOfFile: url.path).text
        } catch {
            switch error {
            case .unreadable:
                throw CourseLoadingError(message: "cannot read \(url.path)", hint: "check the path and the file's permissions")
            case .tooLarge(let bytes):
                let diagnostic = CourseLoader.tooLarge(bytes, what: url.path, at: FileLocation(path: url.path, line: 1))
                throw CourseLoadingError(message: diagnostic.message, hint: diagnostic.hint)
            case .invalidUTF8(let line, let column):
                throw CourseLoadingError(message: "\(url.path):\(line):\(column): the file is not valid UTF-8", hint: "save the file as UTF-8")
            }
        }
        // Composed, not loaded, as lessons are: loading would expand aliases, and a kilobyte of
        // nested aliases expands to gigabytes.
        guard let split = try? FrontMatterSplit.split(text),
              case .success(let mapping) = YAMLSource(path: url.path, firstLine: 2).parseMapping(split.yaml, what: "front matter")
        else {
            return DraftFile(title: nil, objectives: [], body: text, bodyLineOffset: 0)
        }
        var reader = YAMLMappingReader(mapping, source: YAMLSource(path: url.path, firstLine: 2), context: "the front matter")
        return DraftFile(
            title: reader.string("title", required: false, example: "title: …"),
            objectives: (reader.stringList("objectives", example: "objectives: […]") ?? []).map(\.0),
            body: split.body,
            bodyLineOffset: split.bodyLineOffset
        )
    }
}
