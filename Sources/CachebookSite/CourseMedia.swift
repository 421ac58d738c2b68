import CachebookCourse
import Foundation

/// The images a course keeps next to its lessons, copied into the site under `media/` with the
/// same folders, so that `![diagram](img/flush.png)` in `core/write-back.md` works on the lesson
/// page, on the print page and offline. Names are kept to the characters every server and file
/// system handles alike.
enum CourseMedia {
    /// Files with these extensions are copied; nothing else in the course folder is published.
    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "gif", "svg", "webp", "avif"]
    /// Larger images are left out with a warning: a course site should stay light.
    static let maximumImageBytes = 8 << 20

    /// Where the site keeps the image that `lesson` refers to as `source`, or `nil` when
    /// `source` names no image file inside the course that the site can publish.
    ///
    /// - Complexity: O(*n*) in the length of `source`.
    static func sitePath(forImage source: String, in lesson: Lesson) -> String? {
        guard let path = lesson.courseImagePath(source) else { return nil }
        let components = path.split(separator: "/").map(String.init)
        guard let name = components.last, imageExtensions.contains((name as NSString).pathExtension.lowercased()),
              components.allSatisfy(OutputDirectory.isSafeComponent)
        else { return nil }
        return "media/" + path
    }

    /// A URL for `sitePath` in an `src` attribute, relative to a page `root` away from the top.
    static func url(_ sitePath: String, root: String) -> String {
        root + (sitePath.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? sitePath)
    }

    /// Every image in the course folder, as files for the site, with warnings for those left out.
    /// Hidden folders, the `theme/` folder, the site being built (`output`, if it is inside the
    /// course) and symbolic links are skipped: a link could point anywhere on the author's machine.
    ///
    /// - Complexity: O(*n*) in the number of files in the course folder, plus the images' bytes.
    static func files(of course: Course, output: URL, displayPath: (URL) -> String) -> (files: [(path: String, data: Data)], warnings: [Diagnostic]) {
        let output = output.standardizedFileURL.path
        let root = course.rootDirectory.standardizedFileURL
        guard let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey, .fileSizeKey], options: [.skipsHiddenFiles])
        else { return ([], []) }
        var files: [(path: String, data: Data)] = []
        var warnings: [Diagnostic] = []
        let theme = root.path + "/theme"
        for case let url as URL in walker {
            // Only a name's extension is looked at for most files: a course is mostly lessons.
            let path = url.path
            if path == theme || path == output { walker.skipDescendants() }
            guard let dot = path.utf8.lastIndex(of: UInt8(ascii: ".")),
                  imageExtensions.contains(String(path[path.index(after: dot)...]).lowercased())
            else { continue }
            let relative = String(path.dropFirst(root.path.count + 1))
            guard let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey, .fileSizeKey]),
                  values.isRegularFile == true, values.isSymbolicLink != true
            else { continue }
            guard relative.split(separator: "/").allSatisfy(OutputDirectory.isSafeComponent) else {
                warnings.append(.warning("the image's path has characters the site does not publish, so it is left out",
                                         at: FileLocation(path: displayPath(url), line: 1),
                                         hint: "rename it with ASCII letters, digits, `-`, `_` and `.` only"))
                continue
            }
            guard (values.fileSize ?? 0) <= maximumImageBytes else {
                warnings.append(.warning("the image is larger than \(maximumImageBytes >> 20) MB and is left out of the site",
                                         at: FileLocation(path: displayPath(url), line: 1), hint: "make it smaller, or link to it instead"))
                continue
            }
            guard let data = try? Data(contentsOf: url) else { continue }
            files.append(("media/" + relative, data))
        }
        return (files.sorted { $0.path < $1.path }, warnings)
    }
}
