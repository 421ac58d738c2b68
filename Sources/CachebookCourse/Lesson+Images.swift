import Foundation

extension Lesson {
    /// The course-relative path of the image a lesson names as `source` (relative to the
    /// lesson's folder), or `nil` when `source` names no file inside the course: a URL, an
    /// absolute path, or a path that climbs out of the course with `..`.
    ///
    /// - Complexity: O(*n*) in the length of `source`.
    public func courseImagePath(_ source: String) -> String? {
        let path = source.prefix { $0 != "?" && $0 != "#" }
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains(":"), !path.contains("\\"),
              let decoded = String(path).removingPercentEncoding
        else { return nil }
        var components = coursePath.split(separator: "/").dropLast().map(String.init)
        for component in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                guard !components.isEmpty else { return nil }
                components.removeLast()
            default: components.append(String(component))
            }
        }
        return components.isEmpty ? nil : components.joined(separator: "/")
    }

    /// The course folder: the lesson file's folder, less the folders of its course path.
    public var courseDirectory: URL {
        coursePath.split(separator: "/").reduce(file) { folder, _ in folder.deletingLastPathComponent() }
    }
}
