import CachebookCourse
import Foundation
import Testing

/// This test target's fixture folder.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

/// The repository's own course.
let realCourse = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Lessons")

/// Loads a course with paths shown relative to the course folder itself.
func load(_ directory: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> LoadedCourse {
    try CourseLoader(rootDirectory: directory, workingDirectory: directory).load()
}

/// A fresh temporary folder, removed when `body` returns.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cachebook-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// Writes `text` to `path` under `directory`, creating folders.
func write(_ text: String, to path: String, in directory: URL) throws {
    let url = directory.appendingPathComponent(path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
}

let minimalCourseFile = """
    id: tiny
    title: Tiny
    phases:
      - id: foundations
        title: Foundations
    """

func lessonText(id: String, order: Int = 1, extra: String = "") -> String {
    "---\nid: \(id)\ntitle: \(id)\nphase: foundations\norder: \(order)\nduration: 10m\n\(extra)---\n\n# \(id)\n"
}
