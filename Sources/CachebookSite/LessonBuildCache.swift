import CachebookCourse
import Crypto
import Foundation

/// What a build made of one lesson, kept in the output folder so that the next build into the
/// same folder can skip the lesson when nothing it depends on has changed. Written by hand
/// (``fileData()``), read back with `JSONDecoder` (``init(fileData:)``).
struct CachedLesson: Decodable, Sendable, Equatable {
    /// The digest of everything the lesson's page depends on; see ``LessonBuildCache``.
    var key: String
    /// The size of the lesson's page: a page of another size is not the one this record made.
    var pageBytes: Int
    /// The lesson's body as the print view shows it. A record's file keeps it apart from its
    /// JSON; see ``fileData()``.
    var printBody: String = ""
    var search: SearchIndex.Page
    var exerciseIDs: [String]
    /// The notebook's warnings, shown again on every build until they are fixed.
    var warnings: [CachedWarning]
    /// The other files the lesson's checks looked for, and whether each was there.
    var referencedFiles: [String: Bool]

    struct CachedWarning: Decodable, Sendable, Equatable {
        var path: String, line: Int, column: Int, message: String, hint: String

        init(_ diagnostic: Diagnostic) {
            (path, line, column, message, hint) = (diagnostic.path, diagnostic.line, diagnostic.column, diagnostic.message, diagnostic.hint)
        }

        var diagnostic: Diagnostic { Diagnostic(.warning, path: path, line: line, column: column, message: message, hint: hint) }
    }

    private enum CodingKeys: String, CodingKey {
        case key, pageBytes, search, exerciseIDs, warnings, referencedFiles
    }
}

/// Decides which lessons an earlier build into the same folder already rendered, as they would
/// be rendered now.
///
/// A lesson's key digests the cachebook executable (its path, size and modification time, so a
/// rebuilt engine renders everything again), the theme, `course.yml`, the course's id, title and
/// folder, every lesson's id, title, phase and place (they appear in neighbours' links and
/// positions), whether live reload is on, and the lesson file's path and bytes. Only lessons whose
/// key matches, whose page is still in the folder at the size recorded, and whose solution files
/// and images are there (or missing) as they were, are reused.
struct LessonBuildCache {
    /// The folder inside the output folder that holds one record per lesson.
    static let folderName = ".cachebook-cache"

    private let outputRoot: URL
    private let sharedDigest: Data

    init(outputRoot: URL, course: Course, themeFingerprint: Data, liveReload: Bool) {
        self.outputRoot = outputRoot
        var digest = SHA256()
        digest.update(data: Data("cachebook-site-v2\0".utf8))
        digest.update(data: Data(Self.engineFingerprint.utf8))
        digest.update(data: themeFingerprint)
        digest.update(data: FileManager.default.contents(atPath: course.rootDirectory.appendingPathComponent(CourseLoader.courseFileName).path) ?? Data())
        // Without a course.yml the id and title come from the folder's name; pages show the folder too.
        digest.update(data: Data("\(course.id)\0\(course.title)\0\(course.rootDirectory.lastPathComponent)\0".utf8))
        // Gathered into one buffer: a digest update and a `Data` per lesson cost more than the
        // bytes.
        var places: [UInt8] = []
        for lesson in course.lessons {
            for field in [lesson.id, lesson.title, lesson.phase, String(lesson.order)] {
                places += field.utf8
                places.append(0)
            }
        }
        digest.update(data: places)
        digest.update(data: Data([liveReload ? 1 : 0]))
        sharedDigest = Data(digest.finalize())
    }

    /// The key of `lesson`, from the bytes of its file that the lesson was made from.
    ///
    /// - Complexity: O(*n*) in the size of the lesson file.
    func key(for lesson: Lesson) -> String {
        var digest = SHA256()
        digest.update(data: sharedDigest)
        // Where the file is shows on the page ("edit this lesson") and in its warnings.
        digest.update(data: Data("\(lesson.coursePath)\0\(lesson.displayPath)\0".utf8))
        digest.update(data: lesson.source)
        return Hex.string(digest.finalize())
    }

    /// The record an earlier build left for `lesson`, if it has `key`, the page is still there
    /// at the size that build wrote (a build stopped between a page and its record leaves a page
    /// from another build), and the files the lesson refers to are there, or missing, as they were.
    func record(for lesson: Lesson, key: String) -> CachedLesson? {
        var page = stat()
        guard lstat(outputRoot.appendingPathComponent(Self.pagePath(lesson)).path, &page) == 0, page.st_mode & S_IFMT == S_IFREG,
              let data = FileManager.default.contents(atPath: outputRoot.appendingPathComponent(Self.recordPath(lesson)).path),
              let record = CachedLesson(fileData: data), record.key == key,
              record.pageBytes == Int(page.st_size),
              record.referencedFiles.allSatisfy({ FileManager.default.fileExists(atPath: $0.key) == $0.value })
        else { return nil }
        return record
    }

    static func pagePath(_ lesson: Lesson) -> String { "lessons/\(lesson.id).html" }
    static func recordPath(_ lesson: Lesson) -> String { "\(folderName)/\(lesson.id).record" }

    /// The running executable, as a build would notice it changing.
    private static let engineFingerprint: String = {
        let path = Bundle.main.executablePath ?? CommandLine.arguments.first ?? ""
        // `stat`, not `FileManager.attributesOfItem`, which also looks up the owner's name and
        // took a millisecond of a build's serial part.
        var status = stat()
        guard stat(path, &status) == 0 else { return "\(path)\0unreadable" }
        #if canImport(Darwin)
        let modified = status.st_mtimespec
        #else
        let modified = status.st_mtim
        #endif
        return "\(path)\0\(status.st_size)\0\(modified.tv_sec)\0\(modified.tv_nsec)"
    }()
}
