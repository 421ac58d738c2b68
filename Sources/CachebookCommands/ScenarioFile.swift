import CachebookCourse
import CachebookNotebook

/// A learner's scenario file (`run --file`, `check --file`), read with the care lessons get: the
/// same size limit, and a bad byte reported at its line and column.
enum ScenarioFile {
    /// The text of the file at `path`.
    ///
    /// - Complexity: O(*n*) in the file's size, which is at most `CourseLoader.maximumFileBytes`.
    static func read(_ path: String) throws(CommandFailure) -> String {
        do {
            return try SourceText(contentsOfFile: path).text
        } catch {
            switch error {
            case .unreadable:
                throw CommandFailure(message: "cannot read \(path)", hint: "check the path and the file's permissions")
            case .tooLarge:
                throw CommandFailure(message: "\(path) is over \(CourseLoader.maximumFileBytes >> 20) MB, the most a scenario file may be",
                                     hint: "a scenario has at most \(ScenarioParser.maximumSteps) steps; use a `workload` line for many requests")
            case .invalidUTF8(let line, let column):
                throw CommandFailure(message: "\(path):\(line):\(column): the file is not valid UTF-8", hint: "save the file as UTF-8")
            }
        }
    }
}
