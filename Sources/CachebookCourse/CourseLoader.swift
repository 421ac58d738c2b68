import CachebookConcurrency
import CachebookMarkdown
import Foundation
import Yams

/// A course read from disk, with every problem found on the way.
public struct LoadedCourse: Sendable {
    public var course: Course
    /// Sorted by file and line.
    public var diagnostics: [Diagnostic]
}

/// Why a course could not be read at all. Problems inside files are diagnostics instead.
public struct CourseLoadingError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var hint: String

    public var description: String { message }
}

/// Reads a course folder: `course.yml` plus every lesson under it.
///
/// Lessons are discovered, not listed: every `*.md` file below the course folder is a lesson,
/// except `README.md`, files and folders whose names start with `_` or `.`, and the `theme/`
/// folder. A lesson's place comes from its front matter (`phase`, then `order`).
public struct CourseLoader: Sendable {
    public static let courseFileName = "course.yml"
    static let knownLessonFields = ["id", "title", "phase", "order", "duration", "requires", "objectives", "summary"]
    static let knownCourseFields = ["id", "title", "description", "phases", "checklist", "resources", "videos", "unsafe_html"]

    public let rootDirectory: URL
    /// Paths in messages are relative to this folder when they are inside it.
    public let workingDirectory: URL
    /// The two folders' paths ending in `/`, made once: `URL.path` decodes the URL on every call.
    private let rootPrefix: String, workingPrefix: String

    public init(rootDirectory: URL, workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) {
        self.rootDirectory = rootDirectory.standardizedFileURL
        self.workingDirectory = workingDirectory.standardizedFileURL
        (rootPrefix, workingPrefix) = (Self.folderPrefix(self.rootDirectory), Self.folderPrefix(self.workingDirectory))
    }

    private static func folderPrefix(_ folder: URL) -> String {
        folder.path.hasSuffix("/") ? folder.path : folder.path + "/"
    }

    /// Reads and checks the whole course.
    ///
    /// - Complexity: O(*n*) in the total size of the course's files, plus O(*l*²) for *l* lessons
    ///   in the prerequisite checks.
    public func load() throws(CourseLoadingError) -> LoadedCourse {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: rootDirectory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CourseLoadingError(
                message: "no course folder at \(displayPath(rootDirectory))",
                hint: "pass --course DIR (or set CACHEBOOK_COURSE) to a folder that holds course.yml and the lessons"
            )
        }
        var diagnostics: [Diagnostic] = []
        var course = readCourseFile(into: &diagnostics)
        let phases = course.phases
        let readings = discoverLessonFiles(into: &diagnostics).concurrentMap { path in
            var found: [Diagnostic] = []
            let lesson = readLesson(atPath: path, phases: phases, into: &found)
            return (lesson, found)
        }
        let lessons = readings.compactMap(\.0)
        diagnostics += readings.flatMap(\.1)
        let phaseIndex = Dictionary(uniqueKeysWithValues: course.phases.enumerated().map { ($1.id, $0) })
        // The keys are made once, and lessons, which are large, are copied once, not swapped.
        let sortKeys = lessons.indices.map { (phase: phaseIndex[lessons[$0].phase] ?? .max, order: lessons[$0].order, id: lessons[$0].id, index: $0) }
        course.lessons = sortKeys.sorted { ($0.phase, $0.order, $0.id) < ($1.phase, $1.order, $1.id) }.map { lessons[$0.index] }
        let courseFile = rootDirectory.appendingPathComponent(Self.courseFileName)
        let hasCourseFile = FileManager.default.fileExists(atPath: courseFile.path)
        // Empty phases are worth a warning only when every file was read: a lesson that did not
        // load, or a course.yml that fell back to the standard phases, would make them noise.
        let checksEmptyPhases = hasCourseFile && !diagnostics.containsErrors
        let brokenFiles = Set(diagnostics.filter { $0.severity == .error }.map(\.path))
        diagnostics += CourseValidator(course: course, courseFilePath: displayPath(courseFile), checksEmptyPhases: checksEmptyPhases,
                                       brokenFiles: brokenFiles).validate()
        return LoadedCourse(course: course, diagnostics: diagnostics.sortedByLocation())
    }

    // MARK: course.yml

    private func readCourseFile(into diagnostics: inout [Diagnostic]) -> Course {
        let file = rootDirectory.appendingPathComponent(Self.courseFileName)
        guard let data = FileManager.default.contents(atPath: file.path) else {
            let folderName = rootDirectory.lastPathComponent
            diagnostics.append(.warning(
                "no \(Self.courseFileName) in the course folder; using the folder name and the standard phases",
                at: FileLocation(path: displayPath(file), line: 1),
                hint: "create \(Self.courseFileName) with the course id, title and phases (see docs/lesson-format.md)"
            ))
            return Course(id: Self.slugified(folderName), title: folderName, phases: Phase.standard, rootDirectory: rootDirectory)
        }
        return course(fromCourseFile: data, into: &diagnostics)
    }

    /// The course that `course.yml` holding `data` describes, with defaults for what is missing
    /// or wrong, and a diagnostic for each problem.
    package func course(fromCourseFile data: Data, into diagnostics: inout [Diagnostic]) -> Course {
        let path = displayPath(rootDirectory.appendingPathComponent(Self.courseFileName))
        let folderName = rootDirectory.lastPathComponent
        var course = Course(id: Self.slugified(folderName), title: folderName, phases: Phase.standard, rootDirectory: rootDirectory)
        guard data.count <= Self.maximumFileBytes else {
            diagnostics.append(Self.tooLarge(data.count, what: Self.courseFileName, at: FileLocation(path: path, line: 1)))
            return course
        }
        let text: String
        do {
            text = try SourceText(decoding: data).text
        } catch {
            guard case .invalidUTF8(let line, let column) = error else { return course }
            diagnostics.append(.error("\(Self.courseFileName) is not valid UTF-8", at: FileLocation(path: path, line: line, column: column),
                                      hint: "save the file as UTF-8"))
            return course
        }
        let source = YAMLSource(path: path, firstLine: 1)
        let mapping: Node.Mapping
        switch source.parseMapping(text, what: Self.courseFileName) {
        case .success(let parsed): mapping = parsed
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            return course
        }
        var reader = YAMLMappingReader(mapping, source: source, context: Self.courseFileName)
        if let id = reader.string("id", required: true, example: "id: caching-patterns") {
            if Self.isSlug(id) {
                course.id = id
            } else {
                reader.append(.error("course id `\(id)` is not a slug", at: reader.location(of: "id"),
                                     hint: "use lowercase letters, digits and single hyphens, like `\(Self.slugified(id))`"))
            }
        }
        course.title = reader.string("title", required: true, example: "title: Caching Patterns") ?? course.title
        course.description = reader.string("description", required: false, example: "description: One or two sentences.") ?? ""
        course.allowsUnsafeHTML = reader.bool("unsafe_html", example: "unsafe_html: false") ?? false
        if let phaseReaders = reader.mappingList("phases", required: true, example: "phases: [{id: foundations, title: Foundations}]") {
            let phases = readPhases(phaseReaders, parent: &reader)
            if !phases.isEmpty { course.phases = phases }
        }
        if let itemReaders = reader.mappingList("checklist", required: false, example: "checklist: [{id: phase-1, title: Phase 1 completed, phase: foundations}]") {
            course.checklist = readChecklist(itemReaders, phases: course.phases, parent: &reader)
        }
        if let resourceReaders = reader.mappingList("resources", required: false, example: "resources: [{title: libCacheSim, url: https://…}]") {
            course.resources = resourceReaders.compactMap { entry in
                var entry = entry
                defer { reader.absorb(entry) }
                guard let title = entry.string("title", required: true, example: "title: libCacheSim"),
                      let url = entry.string("url", required: true, example: "url: https://github.com/1a1a11a/libCacheSim")
                else { return nil }
                entry.warnAboutUnknownKeys(known: ["title", "url", "note"])
                guard Self.checkLink(url, in: &entry) else { return nil }
                return Resource(title: title, url: url, note: entry.string("note", required: false, example: "note: why to read it") ?? "")
            }
        }
        if let videoReaders = reader.mappingList("videos", required: false, example: "videos: [{title: …, source: …, url: https://…}]") {
            course.videos = videoReaders.compactMap { entry in
                var entry = entry
                defer { reader.absorb(entry) }
                guard let title = entry.string("title", required: true, example: "title: SIEVE at NSDI '24") else { return nil }
                entry.warnAboutUnknownKeys(known: ["title", "source", "duration", "url"])
                let url = entry.string("url", required: false, example: "url: https://…") ?? ""
                guard Self.checkLink(url, in: &entry) else { return nil }
                return Video(
                    title: title,
                    source: entry.string("source", required: false, example: "source: USENIX") ?? "",
                    duration: entry.string("duration", required: false, example: "duration: 20m") ?? "",
                    url: url
                )
            }
        }
        reader.warnAboutUnknownKeys(known: Self.knownCourseFields)
        diagnostics += reader.diagnostics
        return course
    }

    /// Whether a resource's or video's `url` may become a link; if not, records why. A
    /// `javascript:` URL would run in every learner's browser from the course's index page.
    private static func checkLink(_ url: String, in entry: inout YAMLMappingReader) -> Bool {
        guard !LinkTarget.isSafe(url) else { return true }
        entry.append(.error("`url` uses a scheme the site cannot link to: `\(url.prefix(40))`", at: entry.location(of: "url"),
                            hint: "use an http, https or mailto URL, or a path inside the course"))
        return false
    }

    private func readPhases(_ readers: [YAMLMappingReader], parent: inout YAMLMappingReader) -> [Phase] {
        var phases: [Phase] = []
        for var entry in readers {
            defer { parent.absorb(entry) }
            guard let id = entry.string("id", required: true, example: "id: foundations"),
                  let title = entry.string("title", required: true, example: "title: Foundations")
            else { continue }
            guard Self.isSlug(id) else {
                entry.append(.error("phase id `\(id)` is not a slug", at: entry.location(of: "id"),
                                    hint: "use lowercase letters, digits and single hyphens, like `\(Self.slugified(id))`"))
                continue
            }
            guard !phases.contains(where: { $0.id == id }) else {
                entry.append(.error("phase `\(id)` is declared twice", at: entry.location(of: "id"), hint: "give each phase a unique id"))
                continue
            }
            let requires = (entry.stringList("requires", example: "requires: [phase:foundations]") ?? []).map { Requirement(parsing: $0.0) }
            entry.warnAboutUnknownKeys(known: ["id", "title", "description", "requires"])
            phases.append(Phase(
                id: id, title: title,
                description: entry.string("description", required: false, example: "description: What this phase covers.") ?? "",
                requires: requires
            ))
        }
        return phases
    }

    private func readChecklist(_ readers: [YAMLMappingReader], phases: [Phase], parent: inout YAMLMappingReader) -> [ChecklistItem] {
        var items: [ChecklistItem] = []
        for var entry in readers {
            defer { parent.absorb(entry) }
            guard let id = entry.string("id", required: true, example: "id: supplementary"),
                  let title = entry.string("title", required: true, example: "title: Supplementary materials reviewed")
            else { continue }
            entry.warnAboutUnknownKeys(known: ["id", "title", "phase", "manual"])
            if let phase = entry.string("phase", required: false, example: "phase: foundations") {
                guard phases.contains(where: { $0.id == phase }) else {
                    entry.append(.error("checklist item `\(id)` names unknown phase `\(phase)`", at: entry.location(of: "phase"),
                                        hint: "use one of " + phases.map { "`\($0.id)`" }.joined(separator: ", ")))
                    continue
                }
                items.append(ChecklistItem(id: id, title: title, completion: .phase(phase)))
            } else if entry.bool("manual", example: "manual: true") == true {
                items.append(ChecklistItem(id: id, title: title, completion: .manual))
            } else {
                entry.append(.error("checklist item `\(id)` needs `phase:` or `manual: true`", at: entry.startLocation,
                                    hint: "tick it with a phase (`phase: core`) or by hand (`manual: true`)"))
            }
        }
        return items
    }

    // MARK: Lessons

    /// Every lesson file below the course folder, sorted by path. Folders are listed with
    /// `readdir`, whose entry types save a `stat` per file: on a 1,000-lesson course,
    /// `FileManager`'s enumerator with resource values was a tenth of loading.
    private func discoverLessonFiles(into diagnostics: inout [Diagnostic]) -> [String] {
        let resolvedRoot = rootDirectory.resolvingSymlinksInPath().path
        // Paths, not URLs, until the end: a URL made from a path asks the file system whether
        // it is a folder, and comparing URLs decodes them.
        var files: [String] = []
        func isLessonName(_ name: String) -> Bool {
            name.hasSuffix(".md") && name.lowercased() != "readme.md"
        }
        func walk(_ folder: String, isRoot: Bool) {
            guard let directory = opendir(folder) else { return }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                // Hidden and `_` files and folders are an author's drafts and tools, not lessons.
                guard !name.hasPrefix("."), !name.hasPrefix("_") else { continue }
                // A course at `/` is walked from "/", which ends in its own slash.
                let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
                var type = entry.pointee.d_type
                if type == UInt8(DT_UNKNOWN) {
                    var status = stat()
                    guard lstat(path, &status) == 0 else { continue }
                    switch status.st_mode & S_IFMT {
                    case S_IFDIR: type = UInt8(DT_DIR)
                    case S_IFLNK: type = UInt8(DT_LNK)
                    case S_IFREG: type = UInt8(DT_REG)
                    default: continue
                    }
                }
                switch type {
                case UInt8(DT_DIR):
                    // The course's own theme/ holds templates, not lessons.
                    if !(isRoot && name == "theme") { walk(path, isRoot: false) }
                case UInt8(DT_REG) where isLessonName(name):
                    files.append(path)
                case UInt8(DT_LNK) where isLessonName(name):
                    let url = URL(fileURLWithPath: path)
                    let target = url.resolvingSymlinksInPath().path
                    guard target.hasPrefix(resolvedRoot + "/") else {
                        diagnostics.append(.warning(
                            "skipped \(name): it is a symbolic link to \(target), outside the course folder",
                            at: FileLocation(path: displayPath(url), line: 1),
                            hint: "copy the lesson into the course folder instead of linking to it"
                        ))
                        continue
                    }
                    files.append(path)
                default:
                    continue
                }
            }
        }
        // From the course folder (standardized by `init`), every path found is standardized
        // too: no name read is `.` or `..`, and each is joined with one slash.
        walk(rootDirectory.path, isRoot: true)
        return files.sorted()
    }

    /// Reads the lesson at the standardized `path`.
    private func readLesson(atPath filePath: String, phases: [Phase], into diagnostics: inout [Diagnostic]) -> Lesson? {
        guard let data = FileManager.default.contents(atPath: filePath) else {
            diagnostics.append(.error("cannot read the file", at: FileLocation(path: displayPath(ofPath: filePath), line: 1),
                                      hint: "check that the file exists and is readable"))
            return nil
        }
        return lesson(fromFile: URL(fileURLWithPath: filePath, isDirectory: false), standardizedPath: filePath, data: data, phases: phases, into: &diagnostics)
    }

    /// The lesson that `data`, the contents of `file`, holds, or `nil` if its front matter is
    /// unusable; every problem becomes a diagnostic.
    package func lesson(fromFile file: URL, data: Data, phases: [Phase], into diagnostics: inout [Diagnostic]) -> Lesson? {
        lesson(fromFile: file, standardizedPath: file.standardizedFileURL.path, data: data, phases: phases, into: &diagnostics)
    }

    /// ``lesson(fromFile:data:phases:into:)`` for a file whose standardized path is known:
    /// working it out from the URL was a hundredth of a site build.
    private func lesson(fromFile file: URL, standardizedPath filePath: String, data: Data, phases: [Phase],
                        into diagnostics: inout [Diagnostic]) -> Lesson? {
        let path = displayPath(ofPath: filePath)
        let fileStart = FileLocation(path: path, line: 1)
        guard data.count <= Self.maximumFileBytes else {
            diagnostics.append(Self.tooLarge(data.count, what: "the lesson", at: fileStart))
            return nil
        }
        let text: String
        do {
            text = try SourceText(decoding: data).text
        } catch {
            guard case .invalidUTF8(let line, let column) = error else { return nil }
            diagnostics.append(.error("the file is not valid UTF-8", at: FileLocation(path: path, line: line, column: column),
                                      hint: "save the file as UTF-8; the bad byte is at this line and column"))
            return nil
        }
        let split: FrontMatterSplit
        do {
            split = try FrontMatterSplit.split(text)
        } catch .missing {
            diagnostics.append(.error(text.isEmpty ? "the lesson file is empty" : "missing front matter", at: fileStart,
                                      hint: "start the file with a `---` line, the lesson's `key: value` fields, and another `---` line"))
            return nil
        } catch {
            diagnostics.append(.error("the front matter is not closed", at: fileStart,
                                      hint: "end the front matter with a line holding only `---`"))
            return nil
        }
        let source = YAMLSource(path: path, firstLine: split.yamlFirstLine)
        let mapping: Node.Mapping
        switch source.parseMapping(split.yaml, what: "the front matter") {
        case .success(let parsed): mapping = parsed
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            return nil
        }
        var reader = YAMLMappingReader(mapping, source: source, context: "the front matter")
        defer { diagnostics += reader.diagnostics }
        let id = reader.string("id", required: true, example: "id: read-through")
        let title = reader.string("title", required: true, example: "title: Read-Through Cache")
        if let title, title.allSatisfy(\.isWhitespace) {
            reader.append(.error("`title` is empty", at: reader.location(of: "title"),
                                 hint: "give the lesson the title learners see, like `title: Read-Through Cache`"))
        }
        let phase = reader.string("phase", required: true, example: "phase: foundations")
        let order = reader.int("order", required: true, example: "order: 2")
        let durationText = reader.string("duration", required: true, example: "duration: 30m")
        let requires = reader.stringList("requires", example: "requires: [cache-patterns-overview]") ?? []
        let objectives = reader.stringList("objectives", example: "objectives: [Explain what a loader does]") ?? []
        let summary = reader.string("summary", required: false, example: "summary: One or two sentences.") ?? ""
        reader.warnAboutUnknownKeys(known: Self.knownLessonFields)

        var duration: LessonDuration?
        if let durationText {
            duration = LessonDuration(parsing: durationText)
            if duration == nil {
                reader.append(.error("cannot read duration `\(durationText)`", at: reader.location(of: "duration"),
                                     hint: "write minutes and hours like `25m`, `1h` or `1h30m`"))
            }
        }
        if let id, !Self.isSlug(id) {
            reader.append(.error("lesson id `\(id)` is not a slug", at: reader.location(of: "id"),
                                 hint: "use lowercase letters, digits and single hyphens, like `\(Self.slugified(id))`"))
            return nil
        }
        if let phase, !phases.contains(where: { $0.id == phase }) {
            let known = phases.map(\.id)
            reader.append(.error("unknown phase `\(phase)`", at: reader.location(of: "phase"),
                                 hint: ClosestMatch.suggestion(for: phase, among: known).map { "did you mean `\($0)`?" }
                                    ?? "use one of " + known.map { "`\($0)`" }.joined(separator: ", ")))
            return nil
        }
        let coursePath = coursePath(ofPath: filePath)
        if let phase, let folder = coursePath.split(separator: "/").dropLast().first,
           phases.contains(where: { $0.id == folder }), folder != phase {
            reader.append(.warning("the lesson is in folder `\(folder)/` but its phase is `\(phase)`", at: reader.location(of: "phase"),
                                   hint: "move the file to `\(phase)/` or change its phase"))
        }
        guard let id, let phase else { return nil }
        var fieldLocations: [String: FileLocation] = [:]
        for field in Self.knownLessonFields where reader.contains(field) {
            fieldLocations[field] = reader.location(of: field)
        }
        let requirements = requires.map { (Requirement(parsing: $0.0), $0.1) }
        return Lesson(
            id: id, title: title ?? id, phase: phase, order: order ?? 0, duration: duration ?? LessonDuration(minutes: 0),
            requires: requirements.map(\.0), objectives: objectives.map(\.0), summary: summary,
            file: file, displayPath: path, coursePath: coursePath,
            body: split.body, bodyLineOffset: split.bodyLineOffset, fieldLocations: fieldLocations,
            requirementLocations: Dictionary(requirements, uniquingKeysWith: { first, _ in first }), source: data
        )
    }

    // MARK: Helpers

    /// The largest lesson or `course.yml` read. The longest lesson of the course is about 40 KB;
    /// anything near this limit is a mistake, and refusing it keeps every later step fast.
    public static let maximumFileBytes = 4 << 20

    static func tooLarge(_ size: Int, what: String, at location: FileLocation) -> Diagnostic {
        let tenths = (size * 10) >> 20
        return .error("\(what) is \(tenths / 10).\(tenths % 10) MB; files may be at most \(maximumFileBytes >> 20) MB",
                      at: location, hint: "split it into several lessons, or move large data out of the Markdown")
    }

    /// A path for messages: relative to the working directory when the file is inside it.
    public func displayPath(_ url: URL) -> String {
        displayPath(ofPath: url.standardizedFileURL.path)
    }

    /// ``displayPath(_:)`` of a standardized path.
    private func displayPath(ofPath path: String) -> String {
        path.hasPrefix(workingPrefix) ? String(path.dropFirst(workingPrefix.count)) : path
    }

    /// The standardized `path` relative to the course folder, or the file's name outside it.
    private func coursePath(ofPath path: String) -> String {
        if path.hasPrefix(rootPrefix) { return String(path.dropFirst(rootPrefix.count)) }
        return path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[path.index(after: $0)...]) } ?? path
    }

    /// Lowercase ASCII letters and digits in runs joined by single hyphens: `write-back-2`.
    public static func isSlug(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 100 else { return false }
        var previousWasHyphen = true
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                previousWasHyphen = false
            case UInt8(ascii: "-") where !previousWasHyphen:
                previousWasHyphen = true
            default:
                return false
            }
        }
        return !previousWasHyphen
    }

    /// The nearest slug to `text`, for hints.
    public static func slugified(_ text: String) -> String {
        var slug = ""
        for character in text.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                slug.append(character)
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "lesson" : slug
    }
}
