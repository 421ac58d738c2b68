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

    public init(courseDirectory: URL, outputDirectory: URL, themeDirectory: URL, force: Bool = false, liveReload: Bool = false,
                workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) {
        self.courseDirectory = courseDirectory
        self.outputDirectory = outputDirectory
        self.themeDirectory = themeDirectory
        self.force = force
        self.liveReload = liveReload
        self.workingDirectory = workingDirectory
    }
}

/// What a build produced.
public struct SiteBuildReport: Sendable {
    public var lessons: Int
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
        let notebooks = course.lessons.concurrentMap(LessonNotebook.init(lesson:))
        let diagnostics = (loaded.diagnostics + notebooks.flatMap(\.diagnostics)).sortedByLocation()
        if diagnostics.containsErrors { throw .lessons(diagnostics) }

        let themeOverrides = course.rootDirectory.appendingPathComponent("theme")
        let theme = try Theme.load(from: options.themeDirectory,
                                   overrides: FileManager.default.fileExists(atPath: themeOverrides.path) ? themeOverrides : nil)
        let output = try OutputDirectory(options.outputDirectory, force: options.force)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cachebook-build-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }

        let pages = SitePages(course: course, theme: theme, liveReload: options.liveReload)
        let rendered = renderLessons(notebooks, course: course, pages: pages, scratch: scratch, progress: progress)

        var files: [(path: String, data: Data)] = []
        var search = SearchIndex()
        for lesson in rendered {
            files.append((lesson.search.url, Data(lesson.page.utf8)))
            search.add(lesson.search)
        }
        files.append(("index.html", Data(pages.index().utf8)))
        files.append(("checklist.html", Data(pages.checklistPage().utf8)))
        files.append(("print.html", Data(pages.printView(bodies: rendered.map(\.printBody)).utf8)))
        files.append(("404.html", Data(pages.notFound().utf8)))
        let htmlBytes = files.reduce(0) { $0 + $1.data.count }
        let searchScript = Data(search.script().utf8)
        files.append(("assets/search-index.js", searchScript))
        files.append(("assets/toc.js", Data(pages.tableOfContentsScript(exercises: notebooks.map { $0.exercises.map(\.id) }).utf8)))
        files += theme.assets.map { ("assets/\($0.name)", $0.data) }

        try output.write(files)
        try output.finish(written: Set(files.map(\.path)))
        return SiteBuildReport(
            lessons: course.lessons.count, pages: rendered.count + 4, htmlBytes: htmlBytes, searchIndexBytes: searchScript.count,
            totalBytes: files.reduce(0) { $0 + $1.data.count }, warnings: diagnostics, outputDirectory: output.root)
    }

    private struct RenderedLesson: Sendable {
        var page: String
        var printBody: String
        var search: SearchIndex.Page
    }

    /// Renders every lesson, on every core: simulations and templates are the build's work.
    private func renderLessons(_ notebooks: [LessonNotebook], course: Course, pages: SitePages, scratch: URL,
                               progress: @escaping @Sendable (Int, Int, String) -> Void) -> [RenderedLesson] {
        let counter = ConcurrentCounter()
        return Array(notebooks.indices).concurrentMap { index in
            let notebook = notebooks[index]
            let lesson = LessonHTML(notebook: notebook, courseID: course.id, allowsRawHTML: course.allowsUnsafeHTML,
                                    databaseDirectory: scratch.appendingPathComponent(notebook.lesson.id))
            let (body, headings) = lesson.body()
            let rendered = RenderedLesson(
                page: pages.lesson(index: index, body: body),
                printBody: lesson.body(idPrefix: notebook.lesson.id + "--").html,
                search: SearchIndex.Page(url: "lessons/\(notebook.lesson.id).html", title: notebook.lesson.title,
                                         sections: lesson.searchSections(headings: headings)))
            progress(counter.increment(), notebooks.count, notebook.lesson.id)
            return rendered
        }
    }
}
