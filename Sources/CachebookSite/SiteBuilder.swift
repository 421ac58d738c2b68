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
    /// Whether the build frees what it made before it returns. A process that exits right after
    /// one build can leave that to the exit, as compilers do (clang's `-disable-free`): freeing
    /// a thousand lessons (their files, bodies, print bodies, records and search words; each
    /// Markdown tree is gone already) took the last twentieth of a build, with one core working.
    /// `serve`, which builds again and again, frees.
    public var freesMemory: Bool

    public init(courseDirectory: URL, outputDirectory: URL, themeDirectory: URL, force: Bool = false, liveReload: Bool = false,
                workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                reusesUnchangedLessons: Bool = true, baseURL: String = "/", freesMemory: Bool = true) {
        self.courseDirectory = courseDirectory
        self.outputDirectory = outputDirectory
        self.themeDirectory = themeDirectory
        self.force = force
        self.liveReload = liveReload
        self.workingDirectory = workingDirectory
        self.reusesUnchangedLessons = reusesUnchangedLessons
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.freesMemory = freesMemory
    }
}

/// The two passes a build makes over the lessons that need rendering, as its progress names them.
public enum SiteBuildStage: String, Sendable {
    /// Parsing a lesson, running its blocks and rendering its body; no file is written yet, so
    /// that problems in any lesson stop the build first.
    case rendering
    /// Putting a lesson's body into the theme's page and writing it.
    case writing
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

    /// Builds the site. `progress` hears about each lesson as it is rendered, and again as its
    /// page is written.
    ///
    /// - Complexity: O(*n*) in the size of the course, plus its simulations.
    public func build(progress: @escaping @Sendable (_ stage: SiteBuildStage, _ done: Int, _ total: Int, _ lesson: String) -> Void = { _, _, _, _ in })
        throws(SiteBuildError) -> SiteBuildReport
    {
        // The theme is read and its templates parsed while the lessons are read.
        let loader = CourseLoader(rootDirectory: options.courseDirectory, workingDirectory: options.workingDirectory)
        let themeOverrides = loader.rootDirectory.appendingPathComponent("theme")
        let themeLoading = BackgroundWork { [options] in
            Result { () throws(SiteBuildError) in
                try Theme.load(from: options.themeDirectory, overrides: FileManager.default.fileExists(atPath: themeOverrides.path) ? themeOverrides : nil)
            }
        }
        // So is the output folder looked at (its marker lists every file of the last build).
        let outputClaiming = BackgroundWork { [options] in
            Result { () throws(SiteBuildError) in try OutputDirectory.claim(options.outputDirectory, force: options.force) }
        }
        let loaded: LoadedCourse
        do {
            loaded = try loader.load()
        } catch {
            throw .output(error.message, hint: error.hint)
        }
        let course = loaded.course
        // The course's images are found while the lessons are rendered.
        let mediaFinding = BackgroundWork { [options] in CourseMedia.files(of: course, output: options.outputDirectory, displayPath: loader.displayPath) }
        let theme = try themeLoading.value().get()
        // Records are written on every build, so that a build after a full one can reuse it.
        let cache = LessonBuildCache(outputRoot: options.outputDirectory.standardizedFileURL.resolvingSymlinksInPath(), course: course,
                                     themeFingerprint: theme.fingerprint, liveReload: options.liveReload)
        let lessons = course.lessons
        let keys = lessons.concurrentMap(cache.key(for:))
        let reused = options.reusesUnchangedLessons
            ? Array(lessons.indices).concurrentMap { cache.record(for: lessons[$0], key: keys[$0]) }
            : Array(repeating: nil, count: lessons.count)
        let fresh = lessons.indices.filter { reused[$0] == nil }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cachebook-build-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        // Before any simulation runs: a build into a folder it may not use stops at once. The
        // folder is made only once the lessons are known to be sound.
        let outputClaim = try outputClaiming.value().get()
        let pages = SitePages(course: course, theme: theme, liveReload: options.liveReload, baseURL: options.baseURL)
        // Each lesson's Markdown tree lives only while its body is rendered: a build holding
        // every tree at once touched a fifth more memory, and was slower for it.
        let rendering = ConcurrentCounter()
        let courseIsSound = !loaded.diagnostics.containsErrors
        let prepared = fresh.concurrentMap { position in
            defer { progress(.rendering, rendering.increment(), fresh.count, lessons[position].id) }
            return PreparedLesson(lesson: lessons[position], key: keys[position], course: course, scratch: scratch, rendersBody: courseIsSound)
        }
        let media = mediaFinding.value()
        let diagnostics = (loaded.diagnostics + media.warnings + prepared.flatMap(\.diagnostics)
                           + reused.compactMap { $0 }.flatMap { $0.warnings.map(\.diagnostic) }).sortedByLocation()
        if diagnostics.containsErrors { throw .lessons(diagnostics) }

        let output = try OutputDirectory(outputClaim)

        // Every lesson's record (a fresh one's page size is set when its page is written); the
        // fresh lessons are the ones without a reused record, in order.
        var freshRecords = prepared.map(\.record).makeIterator()
        let records = reused.map { $0 ?? freshRecords.next()! }
        let exerciseIDs = records.map(\.exerciseIDs)
        // The search index's parts are made alongside the pages too.
        let search = SearchIndex(pages: records.map(\.search), shards: min(ProcessInfo.processInfo.activeProcessorCount, 4))
        // The pages that are not a lesson's are made alongside the lessons' pages: the index,
        // the checklist, the 404 page, the table of contents, and the print view (every lesson's
        // print body), the longest, first.
        let printBodies = records.map(\.printBody)
        let otherPages: [(path: String, make: @Sendable () -> Data)] = [
            ("print.html", { pages.printView(bodies: printBodies) }),
            ("index.html", { pages.index() }),
            ("checklist.html", { pages.checklistPage() }),
            ("404.html", { pages.notFound() }),
            ("assets/toc.js", { Data(pages.tableOfContentsScript(exercises: exerciseIDs).utf8) }),
        ]
        let rendered = try renderAndWrite(prepared, at: fresh, pages: pages, otherPages: otherPages,
                                          searchParts: (0..<search.partCount).map { part in { search.part(part) } },
                                          output: output, progress: progress)

        var kept: [String] = []
        var keptBytes = 0
        for (lesson, record) in zip(lessons, reused) {
            guard let record else { continue }
            kept += [LessonBuildCache.pagePath(lesson), LessonBuildCache.recordPath(lesson)]
            keptBytes += record.pageBytes
        }
        let searchScript = Data(SearchIndex.script(parts: rendered.searchParts).utf8)
        let files = [("assets/search-index.js", searchScript)] + theme.assets.map { ("assets/\($0.name)", $0.data) } + media.files
        try output.write(files)
        let written = rendered.written + files.map(\.path)
        try output.finish(written: Set(written + kept))
        let htmlBytes = keptBytes + rendered.htmlBytes
        if !options.freesMemory {
            leaveToExit((loaded, prepared, reused, records, search, printBodies, otherPages, rendered, pages, keys, media.files))
        }
        return SiteBuildReport(
            lessons: lessons.count, reusedLessons: lessons.count - fresh.count, pages: lessons.count + 4, htmlBytes: htmlBytes,
            searchIndexBytes: searchScript.count,
            totalBytes: keptBytes + rendered.totalBytes + files.reduce(0) { $0 + $1.1.count },
            warnings: diagnostics, outputDirectory: output.root)
    }

    /// What the parallel part of a build made and wrote.
    private struct RenderedPages {
        /// Every file written, relative to the output folder.
        var written: [String]
        var htmlBytes: Int
        /// The bytes of the site's files, without the records.
        var totalBytes: Int
        /// The search index's parts, in order.
        var searchParts: [String]
    }

    /// One piece of work of the parallel part of a build.
    private enum Work: Sendable {
        case page(Int)
        case searchPart(Int)
        case lesson(Int)
    }

    /// What a piece of work of the parallel part of a build made.
    private enum RenderedPiece: Sendable {
        case lesson(pageBytes: Int)
        case page(bytes: Int)
        case searchPart(String)
        case failed(OutputDirectory.WriteFailure)
    }

    /// Puts the prepared lessons, at `positions` of the course, into their pages, and makes the
    /// course's other pages and the search index's parts, on every core, writing each page (and
    /// then each lesson's record, which vouches for that page to later builds) as soon as it is
    /// made, so that templates and the file system overlap.
    private func renderAndWrite(_ prepared: [PreparedLesson], at positions: [Int], pages: SitePages,
                                otherPages: [(path: String, make: @Sendable () -> Data)], searchParts: [@Sendable () -> String],
                                output: OutputDirectory,
                                progress: @escaping @Sendable (SiteBuildStage, Int, Int, String) -> Void) throws(SiteBuildError) -> RenderedPages {
        let pagePaths = try output.prepare(positions.map { LessonBuildCache.pagePath(pages.course.lessons[$0]) })
        let recordPaths = try output.prepare(positions.map { LessonBuildCache.recordPath(pages.course.lessons[$0]) })
        let otherPaths = try output.prepare(otherPages.map(\.path))
        let counter = ConcurrentCounter()
        // The long pieces of work first, so that no core is left with one at the end.
        let work = otherPages.indices.map(Work.page) + searchParts.indices.map(Work.searchPart) + prepared.indices.map(Work.lesson)
        let pieces = work.concurrentMap { item -> RenderedPiece in
            switch item {
            case .page(let page):
                let data = otherPages[page].make()
                return output.put(data, at: otherPaths[page]).map(RenderedPiece.failed) ?? .page(bytes: data.count)
            case .searchPart(let part):
                return .searchPart(searchParts[part]())
            case .lesson(let index):
                let lesson = prepared[index]
                let page = pages.lesson(index: positions[index], body: lesson.body.html())
                var record = lesson.record
                record.pageBytes = page.count
                let recordData = record.fileData()
                let failure = output.put(page, at: pagePaths[index]) ?? output.put(recordData, at: recordPaths[index])
                progress(.writing, counter.increment(), prepared.count, lesson.id)
                return failure.map(RenderedPiece.failed) ?? .lesson(pageBytes: page.count)
            }
        }
        var result = RenderedPages(written: [], htmlBytes: 0, totalBytes: 0, searchParts: [])
        var failures: [OutputDirectory.WriteFailure] = []
        for piece in pieces {
            switch piece {
            case .lesson(let pageBytes):
                result.htmlBytes += pageBytes
                result.totalBytes += pageBytes
            case .page(let bytes):
                result.totalBytes += bytes
            case .searchPart(let part):
                result.searchParts.append(part)
            case .failed(let failure):
                failures.append(failure)
            }
        }
        if let error = OutputDirectory.error(for: failures) { throw error }
        result.written = (pagePaths + recordPaths + otherPaths).map(\.relativePath)
        result.htmlBytes += zip(otherPages, pieces).reduce(0) { total, pair in
            guard pair.0.path.hasSuffix(".html"), case .page(let bytes) = pair.1 else { return total }
            return total + bytes
        }
        return result
    }
}

/// Keeps `value` alive for the rest of the process, so that nothing in it is freed: see
/// ``SiteBuildOptions/freesMemory``.
private func leaveToExit(_ value: Any) {
    _ = Unmanaged.passRetained(ValueLeftToExit(value))
}

private final class ValueLeftToExit {
    let value: Any

    init(_ value: Any) {
        self.value = value
    }
}
