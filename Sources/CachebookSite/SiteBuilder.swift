import CachebookConcurrency
import CachebookCourse
import CachebookNotebook
import Foundation

/// What `cachebook build` needs to know.
public struct SiteBuildOptions: Sendable {
    public var courseDirectory: URL
    public var outputDirectory: URL
    /// The default theme: a folder with `templates/` and `assets/`.
    public var themeDirectory: URL
    /// Build into a non-empty folder that no earlier build made.
    public var force: Bool
    /// Add the script that reloads the page when `cachebook serve` rebuilds.
    public var liveReload: Bool
    /// Paths in diagnostics are relative to this folder.
    public var workingDirectory: URL
    /// Keep the pages of lessons that nothing changed since the last build into the same folder.
    public var reusesUnchangedLessons: Bool
    /// Where the site is served from, ending in `/`. Only the 404 page uses it: a server shows
    /// that page at any depth, so its links cannot be relative.
    public var baseURL: String

    public init(courseDirectory: URL, outputDirectory: URL, themeDirectory: URL, force: Bool = false, liveReload: Bool = false,
                workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                reusesUnchangedLessons: Bool = true, baseURL: String = "/") {
        self.courseDirectory = courseDirectory
        self.outputDirectory = outputDirectory
        self.themeDirectory = themeDirectory
        self.force = force
        self.liveReload = liveReload
        self.workingDirectory = workingDirectory
        self.reusesUnchangedLessons = reusesUnchangedLessons
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
    }
}

/// What a build produced.
public struct SiteBuildReport: Sendable {
    public var lessons: Int
    /// Lessons whose pages an earlier build made and nothing has changed since.
    public var reusedLessons: Int
    public var pages: Int
    public var htmlBytes: Int
    public var searchIndexBytes: Int
    public var totalBytes: Int
    /// Warnings from lint; errors stop the build instead.
    public var warnings: [Diagnostic]
    public var outputDirectory: URL
}

/// Builds the static course website: an index, a page per lesson, a checklist page, a page with
/// the whole course for printing, and a 404 page, with the theme's assets, a shared table of
/// contents and a search index. Runnable blocks are run at build time.
public struct SiteBuilder {
    public var options: SiteBuildOptions

    public init(options: SiteBuildOptions) {
        self.options = options
    }

    /// Builds the site. `progress` hears about each lesson as it is rendered.
    ///
    /// - Complexity: O(*n*) in the size of the course, plus its simulations.
    public func build(progress: @escaping @Sendable (_ done: Int, _ total: Int, _ lesson: String) -> Void = { _, _, _ in })
        throws(SiteBuildError) -> SiteBuildReport
    {
        let loaded: LoadedCourse
        do {
            loaded = try CourseLoader(rootDirectory: options.courseDirectory, workingDirectory: options.workingDirectory).load()
        } catch {
            throw .output(error.message, hint: error.hint)
        }
        let course = loaded.course
        let themeOverrides = course.rootDirectory.appendingPathComponent("theme")
        let theme = try Theme.load(from: options.themeDirectory,
                                   overrides: FileManager.default.fileExists(atPath: themeOverrides.path) ? themeOverrides : nil)
        // Records are written on every build, so that a build after a full one can reuse it.
        let cache = LessonBuildCache(outputRoot: options.outputDirectory.standardizedFileURL.resolvingSymlinksInPath(), course: course,
                                     themeFingerprint: theme.fingerprint, liveReload: options.liveReload)
        let lessons = course.lessons
        let keys = lessons.concurrentMap(cache.key(for:))
        let reused = options.reusesUnchangedLessons
            ? Array(lessons.indices).concurrentMap { cache.record(for: lessons[$0], key: keys[$0]) }
            : Array(repeating: nil, count: lessons.count)
        let fresh = lessons.indices.filter { reused[$0] == nil }
        let notebooks = fresh.map { lessons[$0] }.concurrentMap(LessonNotebook.init(lesson:))
        let media = CourseMedia.files(of: course, output: options.outputDirectory, displayPath: CourseLoader(rootDirectory: options.courseDirectory,
                                                                             workingDirectory: options.workingDirectory).displayPath)
        let diagnostics = (loaded.diagnostics + media.warnings + notebooks.flatMap(\.diagnostics)
                           + reused.compactMap { $0 }.flatMap { $0.warnings.map(\.diagnostic) }).sortedByLocation()
        if diagnostics.containsErrors { throw .lessons(diagnostics) }

        let output = try OutputDirectory(options.outputDirectory, force: options.force)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cachebook-build-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }

        let pages = SitePages(course: course, theme: theme, liveReload: options.liveReload, baseURL: options.baseURL)
        let rendered = renderLessons(notebooks, at: fresh, keys: keys, course: course, pages: pages, scratch: scratch, progress: progress)

        var files: [(path: String, data: Data)] = []
        // Written after everything else, so that a record never vouches for a page that was not written.
        var records: [(path: String, data: Data)] = []
        var kept: [String] = []
        var keptBytes = 0
        var search = SearchIndex()
        var printBodies: [String] = []
        var exerciseIDs: [[String]] = []
        var renderedByIndex = Dictionary(uniqueKeysWithValues: zip(fresh, rendered))
        for (index, lesson) in lessons.enumerated() {
            let record: CachedLesson
            if let cached = reused[index] {
                record = cached
                kept += [LessonBuildCache.pagePath(lesson), LessonBuildCache.recordPath(lesson)]
                keptBytes += output.size(of: LessonBuildCache.pagePath(lesson))
            } else {
                let page = renderedByIndex.removeValue(forKey: index)!
                record = page.record
                files.append((LessonBuildCache.pagePath(lesson), page.html))
                records.append((LessonBuildCache.recordPath(lesson), page.recordData))
            }
            search.add(record.search)
            printBodies.append(record.printBody)
            exerciseIDs.append(record.exerciseIDs)
        }
        // The whole-course pages do not depend on each other.
        let makers: [(path: String, make: @Sendable () -> String)] = [
            ("index.html", { pages.index() }),
            ("checklist.html", { pages.checklistPage() }),
            ("print.html", { [printBodies] in pages.printView(bodies: printBodies) }),
            ("404.html", { pages.notFound() }),
            ("assets/search-index.js", { [search] in search.script() }),
            ("assets/toc.js", { [exerciseIDs] in pages.tableOfContentsScript(exercises: exerciseIDs) }),
        ]
        let courseFiles: [(path: String, data: Data)] = makers.concurrentMap { ($0.path, Data($0.make().utf8)) }
        files += courseFiles
        let htmlBytes = keptBytes + files.filter { $0.path.hasSuffix(".html") }.reduce(0) { $0 + $1.data.count }
        let searchScript = courseFiles.first(where: { $0.path == "assets/search-index.js" })!.data
        files += theme.assets.map { ("assets/\($0.name)", $0.data) }
        files += media.files

        try output.write(files)
        try output.write(records, inPlace: true)
        try output.finish(written: Set(files.map(\.path) + records.map(\.path) + kept))
        return SiteBuildReport(
            lessons: lessons.count, reusedLessons: lessons.count - fresh.count, pages: lessons.count + 4, htmlBytes: htmlBytes,
            searchIndexBytes: searchScript.count,
            totalBytes: keptBytes + files.reduce(0) { $0 + $1.data.count },
            warnings: diagnostics, outputDirectory: output.root)
    }

    private struct RenderedLesson: Sendable {
        var html: Data
        /// What a later build may reuse, and the same as the file that keeps it.
        var record: CachedLesson
        var recordData: Data
    }

    /// Renders the lessons at `positions` of the course, one notebook each, on every core:
    /// simulations, templates and the records for later builds are the build's work.
    private func renderLessons(_ notebooks: [LessonNotebook], at positions: [Int], keys: [String], course: Course, pages: SitePages,
                               scratch: URL, progress: @escaping @Sendable (Int, Int, String) -> Void) -> [RenderedLesson] {
        let counter = ConcurrentCounter()
        return Array(notebooks.indices).concurrentMap { index in
            let notebook = notebooks[index]
            let lesson = LessonHTML(notebook: notebook, courseID: course.id, allowsRawHTML: course.allowsUnsafeHTML,
                                    databaseDirectory: scratch.appendingPathComponent(notebook.lesson.id))
            let body = lesson.body()
            let record = CachedLesson(
                key: keys[positions[index]],
                printBody: body.html(idPrefix: notebook.lesson.id + "--", root: ""),
                search: SearchIndex.Page(url: LessonBuildCache.pagePath(notebook.lesson), title: notebook.lesson.title,
                                         sections: lesson.searchSections(headings: body.headings)),
                exerciseIDs: notebook.exercises.map(\.id),
                warnings: notebook.diagnostics.map(CachedLesson.CachedWarning.init),
                referencedFiles: notebook.referencedFiles)
            progress(counter.increment(), notebooks.count, notebook.lesson.id)
            return RenderedLesson(html: Data(pages.lesson(index: positions[index], body: body.html()).utf8), record: record,
                                  recordData: record.jsonData())
        }
    }
}
