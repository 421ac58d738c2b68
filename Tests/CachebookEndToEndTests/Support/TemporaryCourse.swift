import Foundation

/// A course written into a fresh temporary folder for one test, and removed afterwards.
///
/// It has one phase, `foundations`, and the lessons it is given; files are written as bytes so
/// that tests can plant invalid UTF-8, NUL bytes or anything else.
struct TemporaryCourse {
    let root: URL

    /// The course folder.
    var path: String { root.appendingPathComponent("course").path }

    /// A place beside the course (not inside it) for outputs, progress files and the like.
    func scratch(_ name: String) -> URL { root.appendingPathComponent(name) }

    func write(_ data: Data, to relativePath: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func write(_ text: String, to relativePath: String) throws {
        try write(Data(text.utf8), to: relativePath)
    }

    /// Runs `body` with a course holding `lessons` (course path → file contents).
    static func with<T>(_ lessons: [String: Data] = [:], _ body: (TemporaryCourse) throws -> T) throws -> T {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cachebook-course-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let course = TemporaryCourse(root: root)
        try course.write("id: temporary\ntitle: Temporary course\nphases:\n  - id: foundations\n    title: Foundations\n", to: "course.yml")
        for (path, data) in lessons { try course.write(data, to: path) }
        return try body(course)
    }

    /// A lesson file: front matter with `id` and `title` (and any `extra` lines), then `body`.
    static func lesson(id: String, title: String? = nil, order: Int = 1, extra: String = "", body: String) -> Data {
        Data("---\nid: \(id)\ntitle: \(title ?? id)\nphase: foundations\norder: \(order)\nduration: 10m\n\(extra)---\n\n\(body)".utf8)
    }
}
