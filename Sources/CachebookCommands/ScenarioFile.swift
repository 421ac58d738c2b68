import CachebookCourse
import CachebookNotebook
import Foundation

/// A learner's scenario file (`run --file`, `check --file`), read with the care lessons get: the
/// same size limit, and a bad byte reported at its line and column.
enum ScenarioFile {
    /// The text of the file at `path`.
    ///
    /// - Complexity: O(*n*) in the file's size, which is at most `CourseLoader.maximumFileBytes`.
    static func read(_ path: String) throws(CommandFailure) -> String {
        let url = URL(fileURLWithPath: path)
        let unreadable = CommandFailure(message: "cannot read \(path)", hint: "check the path and the file's permissions")
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
              let handle = try? FileHandle(forReadingFrom: url) else { throw unreadable }
        defer { try? handle.close() }
        // One byte more than allowed tells a file at the limit from one over it, without reading all of a huge file.
        guard let read = try? handle.read(upToCount: CourseLoader.maximumFileBytes + 1) else { throw unreadable }
        let data = read ?? Data()
        guard data.count <= CourseLoader.maximumFileBytes else {
            throw CommandFailure(message: "\(path) is over \(CourseLoader.maximumFileBytes >> 20) MB, the most a scenario file may be",
                                 hint: "a scenario has at most \(ScenarioParser.maximumSteps) steps; use a `workload` line for many requests")
        }
        do {
            return try SourceText(decoding: data).text
        } catch {
            switch error {
            case .invalidUTF8(let line, let column):
                throw CommandFailure(message: "\(path):\(line):\(column): the file is not valid UTF-8", hint: "save the file as UTF-8")
            }
        }
    }
}
