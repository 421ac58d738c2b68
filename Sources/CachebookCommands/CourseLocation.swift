import CachebookCourse
import Foundation

/// Finds and loads the course a command works on.
enum CourseLocation {
    /// `--course`, else `$CACHEBOOK_COURSE`, else `./Lessons`, else the `Lessons` folder of the
    /// package the executable was built in, so that `.build/release/cachebook` works from anywhere.
    static func directory(from options: CourseOptions, environment: [String: String]) -> URL {
        let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        if let explicit = options.courseDirectory ?? environment["CACHEBOOK_COURSE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            return URL(fileURLWithPath: explicit, relativeTo: workingDirectory).standardizedFileURL
        }
        let local = workingDirectory.appendingPathComponent("Lessons")
        if FileManager.default.fileExists(atPath: local.path) { return local }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("Lessons")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(CourseLoader.courseFileName).path) {
                return candidate
            }
            directory.deleteLastPathComponent()
        }
        return local
    }

    /// Loads the course, turning "there is no course here" into a user-facing failure.
    static func load(from options: CourseOptions, environment: [String: String]) throws -> LoadedCourse {
        let loader = CourseLoader(rootDirectory: directory(from: options, environment: environment))
        do {
            return try loader.load()
        } catch {
            throw CommandFailure(message: error.message, hint: error.hint)
        }
    }
}
