import CachebookSite
import Foundation
import Testing

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let notebookCourse = packageRoot.appendingPathComponent("Tests/CachebookEndToEndTests/Fixtures/notebook-course")

/// Builds `course` (the notebook fixture, which uses every kind of step) into a fresh folder and
/// hands the folder to `body`.
func withBuiltSite<T>(_ course: URL = notebookCourse, _ body: (URL, SiteBuildReport) throws -> T) throws -> T {
    try withFolder { folder in
        let options = SiteBuildOptions(courseDirectory: course, outputDirectory: folder.appendingPathComponent("site"),
                                       themeDirectory: packageRoot.appendingPathComponent("site"), workingDirectory: packageRoot)
        let report = try SiteBuilder(options: options).build()
        return try body(folder.appendingPathComponent("site"), report)
    }
}

func readPage(_ site: URL, _ path: String) throws -> String {
    try String(contentsOf: site.appendingPathComponent(path), encoding: .utf8)
}

@Suite("The built site has every page, and pages have what learners need")
struct SiteBuilderTests {
    @Test func everyPageIsThere() throws {
        try withBuiltSite { site, report in
            #expect(listing(site) == [
                ".cachebook-cache", ".cachebook-cache/notebook.record", ".cachebook-site", "404.html", "assets", "assets/cachebook.css", "assets/cachebook.js", "assets/search-index.js",
                "assets/toc.js", "checklist.html", "index.html", "lessons", "lessons/notebook.html", "print.html",
            ])
            #expect(report.lessons == 1)
            #expect(report.pages == 5)
        }
    }

    /// A one-shot build leaves its memory to the process's exit; the site is the same either way.
    @Test func aBuildThatLeavesItsMemoryToTheExitWritesTheSameSite() throws {
        try withFolder { folder in
            var sites: [[String: Data]] = []
            for freesMemory in [true, false] {
                let site = folder.appendingPathComponent("site-\(freesMemory)")
                let options = SiteBuildOptions(courseDirectory: packageRoot.appendingPathComponent("Lessons"), outputDirectory: site,
                                               themeDirectory: packageRoot.appendingPathComponent("site"), workingDirectory: packageRoot,
                                               freesMemory: freesMemory)
                _ = try SiteBuilder(options: options).build()
                let files = listing(site).filter { !$0.hasPrefix(".") }
                sites.append(Dictionary(uniqueKeysWithValues: try files.compactMap { path -> (String, Data)? in
                    var isFolder: ObjCBool = false
                    _ = FileManager.default.fileExists(atPath: site.appendingPathComponent(path).path, isDirectory: &isFolder)
                    return isFolder.boolValue ? nil : (path, try Data(contentsOf: site.appendingPathComponent(path)))
                }))
            }
            #expect(sites[0].count > 10)
            #expect(sites[0] == sites[1])
        }
    }

    @Test func theLessonPageHasItsPartsInOrder() throws {
        try withBuiltSite { site, _ in
            let page = try readPage(site, "lessons/notebook.html")
            let parts = ["aria-label=\"Breadcrumbs\"", "<h1>Every Notebook Feature</h1>", "Phase 1: Foundations", "20 min",
                         "By the end you will be able to", "Run every kind of step", "<figure class=\"cachelab\" id=\"block-basics\">",
                         "<figcaption>Cache-aside basics</figcaption>", "stats at t=49ms", "<table class=\"state\">",
                         "<svg class=\"sequence\"", "<svg class=\"chart\"", "id=\"exercise-pick-pattern\"",
                         "Edit this lesson: <code>notebook-course/foundations/notebook.md</code>"]
            var position = page.startIndex
            for part in parts {
                guard let range = page.range(of: part, range: position..<page.endIndex) else {
                    Issue.record("missing or out of order: \(part)")
                    continue
                }
                position = range.upperBound
            }
            #expect(page.contains("<a class=\"skip-link\" href=\"#content\">"))
            #expect(!page.contains("```"))
        }
    }

    @Test func diagramsAndChartsSpeakToScreenReaders() throws {
        try withBuiltSite { site, _ in
            let page = try readPage(site, "lessons/notebook.html")
            #expect(page.contains("role=\"img\" aria-labelledby=\"block-basics-diagram-title block-basics-diagram-desc\""))
            #expect(page.contains("<title id=\"block-basics-diagram-title\">Sequence diagram of “Cache-aside basics”</title>"))
            #expect(page.contains("<desc id=\"block-load-chart-1-desc\">Workload zipf"))
            #expect(page.contains("class=\"step alarm\""), "the crash is marked")
        }
    }

    @Test func answersAndExplanationsAreNotInThePageSource() throws {
        try withBuiltSite { site, _ in
            let page = try readPage(site, "lessons/notebook.html")
            #expect(!page.contains("single-flight"), "a text answer")
            #expect(!page.contains("request coalescing"))
            #expect(!page.contains("Write-through keeps the database current"), "an explanation")
            #expect(!page.contains("Yes, the database has it before the client hears back."), "feedback of the right choice")
            #expect(page.contains("cachebook check notebook tune --file my.lab"))
        }
    }

    @Test func indexTocAndSearchIndex() throws {
        try withBuiltSite { site, report in
            let index = try readPage(site, "index.html")
            #expect(index.contains("Phase 1: Foundations"))
            #expect(index.contains("<a href=\"lessons/notebook.html\">Every Notebook Feature</a> <span class=\"duration\">20 min</span>"))
            #expect(index.contains("data-item=\"phase-1\""))
            let toc = try readPage(site, "assets/toc.js")
            #expect(toc.contains("exercises:[\"pick-pattern\",\"lossy\",\"term\",\"misses\",\"lost\",\"fixed\",\"tune\",\"durable\"]"))
            let search = try readPage(site, "assets/search-index.js")
            #expect(search.hasPrefix("window.CACHEBOOK_SEARCH={pages:[[\"lessons/notebook.html\",\"Every Notebook Feature\"]]"))
            #expect(search.contains("\"workloads\":"))
            #expect(Double(report.searchIndexBytes) <= 0.15 * Double(report.htmlBytes))
        }
    }

    @Test func buildsAreReproducible() throws {
        let first = try withBuiltSite { site, _ in try readPage(site, "lessons/notebook.html") + readPage(site, "assets/search-index.js") }
        let second = try withBuiltSite { site, _ in try readPage(site, "lessons/notebook.html") + readPage(site, "assets/search-index.js") }
        #expect(first == second)
    }

    @Test func hostileTitlesAreEscapedEverywhere() throws {
        try withFolder { folder in
            let course = folder.appendingPathComponent("course")
            try FileManager.default.createDirectory(at: course.appendingPathComponent("foundations"), withIntermediateDirectories: true)
            try Data("id: evil\ntitle: \"<script>alert('t')</script>\"\nphases:\n  - id: foundations\n    title: \"<b>F</b>\"\n".utf8)
                .write(to: course.appendingPathComponent("course.yml"))
            try Data("---\nid: x\ntitle: \"<script>alert(1)</script>\"\nphase: foundations\norder: 1\nduration: 5m\nobjectives: [\"<img src=x onerror=alert(2)>\"]\n---\n\n[go](javascript:alert(3))\n".utf8)
                .write(to: course.appendingPathComponent("foundations/x.md"))
            try withBuiltSite(course) { site, _ in
                for path in ["index.html", "lessons/x.html", "checklist.html", "print.html", "404.html", "assets/toc.js", "assets/search-index.js"] {
                    let text = try readPage(site, path)
                    #expect(!text.contains("<script>alert"), "\(path)")
                    #expect(!text.contains("<img src=x"), "\(path)")
                    #expect(!text.contains("javascript:alert"), "\(path)")
                    #expect(!text.contains("<b>F</b>"), "\(path)")
                }
                // Shown as text, not dropped.
                #expect(try readPage(site, "lessons/x.html").contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"))
                #expect(try readPage(site, "index.html").contains("&lt;img src=x onerror=alert(2)&gt;") == false, "objectives are on lesson pages")
                #expect(try readPage(site, "lessons/x.html").contains("&lt;img src=x onerror=alert(2)&gt;"))
                #expect(try readPage(site, "index.html").contains("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;")
                        || readPage(site, "index.html").contains("&lt;script&gt;alert('t')&lt;/script&gt;"))
                #expect(try readPage(site, "lessons/x.html").contains("<p>go</p>"), "the link's text stays")
            }
        }
    }

    /// A two-phase course: `cache-aside` (25 min) in foundations, then `read-through` (50 min),
    /// which requires it, and `write-through` (70 min) in core; each lesson has raw HTML and a
    /// `javascript:` link.
    private func writeTwoPhaseCourse(at course: URL, unsafeHTML: Bool?) throws {
        try FileManager.default.createDirectory(at: course, withIntermediateDirectories: true)
        let setting = unsafeHTML.map { "unsafe_html: \($0)\n" } ?? ""
        try Data("id: two\ntitle: Two Phases\n\(setting)phases:\n  - id: foundations\n    title: Foundations\n  - id: core\n    title: Core\n".utf8)
            .write(to: course.appendingPathComponent("course.yml"))
        for (id, phase, order, minutes, requires) in [("cache-aside", "foundations", 1, 25, ""), ("read-through", "core", 1, 50, "requires: [cache-aside]\n"),
                                                      ("write-through", "core", 2, 70, "")] {
            let text = "---\nid: \(id)\ntitle: Title of \(id)\nphase: \(phase)\norder: \(order)\nduration: \(minutes)m\n\(requires)---\n\n"
                + "<div class=\"note\">Raw block</div>\n\nInline <kbd>Ctrl</kbd> and [a link](javascript:alert(1)).\n"
            try Data(text.utf8).write(to: course.appendingPathComponent("\(id).md"))
        }
    }

    @Test(arguments: [nil, false, true])
    func rawHTMLShowsOnlyWhenTheCourseAllowsItAndScriptLinksNever(unsafeHTML: Bool?) throws {
        try withFolder { folder in
            let course = folder.appendingPathComponent("course")
            try writeTwoPhaseCourse(at: course, unsafeHTML: unsafeHTML)
            try withBuiltSite(course) { site, _ in
                for path in ["lessons/cache-aside.html", "print.html"] {
                    let page = try readPage(site, path)
                    #expect(page.contains("<div class=\"note\">Raw block</div>") == (unsafeHTML == true), "\(path)")
                    #expect(page.contains("<kbd>Ctrl</kbd>") == (unsafeHTML == true), "\(path)")
                    #expect(page.contains("Ctrl"), "\(path): the text stays when its tags go")
                    #expect(!page.contains("javascript:"), "\(path)")
                    #expect(page.contains("and a link."), "\(path): the link's text stays")
                }
            }
        }
    }

    @Test func pagesShowPrerequisitesAndThePlannedTimeOfEachPhaseAndTheCourse() throws {
        try withFolder { folder in
            let course = folder.appendingPathComponent("course")
            try writeTwoPhaseCourse(at: course, unsafeHTML: nil)
            try withBuiltSite(course) { site, _ in
                let index = try readPage(site, "index.html")
                #expect(index.contains("3 lessons · 145 min (2 h 25 min) planned"))
                #expect(index.contains("Phase 1: Foundations <span class=\"phase-time\">25 min</span>"))
                #expect(index.contains("Phase 2: Core <span class=\"phase-time\">120 min (2 h)</span>"))
                let readThrough = try readPage(site, "lessons/read-through.html")
                #expect(readThrough.contains("<span>Builds on:</span>"))
                #expect(readThrough.contains("<li><a href=\"cache-aside.html\">Title of cache-aside</a></li>"))
                #expect(!(try readPage(site, "lessons/write-through.html")).contains("Builds on:"), "no prerequisites, no list")
            }
        }
    }

    @Test func imagesKeptInTheCourseAreCopiedAndFoundFromEveryPage() throws {
        try withFolder { folder in
            let course = folder.appendingPathComponent("course")
            let files = FileManager.default
            try files.createDirectory(at: course.appendingPathComponent("core/img"), withIntermediateDirectories: true)
            try files.createDirectory(at: course.appendingPathComponent("theme"), withIntermediateDirectories: true)
            try Data("id: pics\ntitle: Pictures\nphases:\n  - id: core\n    title: Core\n".utf8).write(to: course.appendingPathComponent("course.yml"))
            try Data("PNG".utf8).write(to: course.appendingPathComponent("core/img/flush-queue.png"))
            try Data("PNG".utf8).write(to: course.appendingPathComponent("core/img/odd name.png"))
            try Data("<svg/>".utf8).write(to: course.appendingPathComponent("shared.svg"))
            try Data("PNG".utf8).write(to: course.appendingPathComponent("theme/logo.png"))
            try Data("secret".utf8).write(to: folder.appendingPathComponent("outside.png"))
            try files.createSymbolicLink(at: course.appendingPathComponent("core/img/link.png"), withDestinationURL: folder.appendingPathComponent("outside.png"))
            let body = "![missing](img/nope.png)\n\n![queue](img/flush-queue.png) ![odd](img/odd%20name.png) ![shared](../shared.svg) ![escape](../../outside.png) ![link](img/link.png)\n\n"
                + "```exercise\nid: q\ntype: text\nprompt: \"![in a prompt](img/flush-queue.png) What is it?\"\nanswer: queue\n```\n"
            try Data("---\nid: pics\ntitle: Pictures\nphase: core\norder: 1\nduration: 5m\n---\n\n\(body)".utf8)
                .write(to: course.appendingPathComponent("core/pics.md"))
            try withBuiltSite(course) { site, report in
                #expect(listing(site).filter { $0.hasPrefix("media") } == ["media", "media/core", "media/core/img", "media/core/img/flush-queue.png", "media/shared.svg"])
                #expect(report.warnings.map { "\($0.path.split(separator: "/").last!):\($0.line) \($0.message)" } == [
                    "odd name.png:1 the image's path has characters the site does not publish, so it is left out",
                    "pics.md:9 the image `img/nope.png` is not in the course",
                    "pics.md:11 the image `../../outside.png` is outside the course, so the site shows its alt text",
                ])
                let page = try readPage(site, "lessons/pics.html")
                #expect(page.contains("<img src=\"../media/core/img/flush-queue.png\" alt=\"queue\">"))
                #expect(page.contains("<img src=\"../media/shared.svg\" alt=\"shared\">"))
                #expect(page.contains("<span class=\"image-alt\">[escape]</span>"), "a path out of the course is not an image of the course")
                #expect(page.contains("<span class=\"image-alt\">[odd]</span>"))
                #expect(page.contains("<img src=\"../media/core/img/flush-queue.png\" alt=\"in a prompt\">"), "images in exercises too")
                #expect(try readPage(site, "print.html").contains("<img src=\"media/core/img/flush-queue.png\" alt=\"queue\">"))
            }
            // A site built inside the course does not publish its own earlier copies.
            let inside = SiteBuildOptions(courseDirectory: course, outputDirectory: course.appendingPathComponent("site"),
                                          themeDirectory: packageRoot.appendingPathComponent("site"), workingDirectory: packageRoot)
            for _ in 0..<2 { _ = try SiteBuilder(options: inside).build() }
            #expect(listing(course.appendingPathComponent("site")).filter { $0.hasPrefix("media/site") }.isEmpty)
        }
    }

    @Test func aStateDiffIsTheWholeTableWithTheChangedRowsMarked() throws {
        try withBuiltSite { site, _ in
            let page = try readPage(site, "lessons/notebook.html")
            let start = try #require(page.range(of: "<figure class=\"cachelab\" id=\"block-crash\">"))
            let end = try #require(page.range(of: "</figure>", range: start.upperBound..<page.endIndex))
            let crash = page[start.lowerBound..<end.lowerBound]
            // The second put updates session:1 in place.
            #expect(crash.contains("<caption>Cache after the step at t=1ms, changed rows marked</caption>"))
            #expect(crash.contains("<tr class=\"changed updated\"><td>session:1</td><td>idle</td><td>yes</td><td>-</td><td></td><td>updated, was active</td></tr>"))
            // After the third, the table still lists session:1, unmarked, beside the new row.
            #expect(crash.contains("<tr><td>session:1</td><td>idle</td><td>yes</td><td>-</td><td></td><td></td></tr>\n"
                                   + "<tr class=\"changed added\"><td>session:2</td><td>active</td><td>yes</td><td>-</td><td></td><td>added</td></tr>"))
        }
    }

    @Test func exercisesOnThePrintPageSayWhichLessonTheyBelongTo() throws {
        try withBuiltSite { site, _ in
            let page = try readPage(site, "print.html")
            #expect(page.contains("<body data-root=\"\" data-page=\"print\" data-lesson=\"\""))
            #expect(page.contains("data-exercise=\"pick-pattern\" data-kind=\"choice\" data-lesson=\"notebook\""))
        }
    }

    @Test func theNotFoundPageLinksFromTheBaseURLSinceServersShowItAtAnyDepth() throws {
        try withFolder { folder in
            for (base, expected) in [("/", "href=\"/index.html\""), ("/course/", "href=\"/course/index.html\"")] {
                let options = SiteBuildOptions(courseDirectory: notebookCourse, outputDirectory: folder.appendingPathComponent("site"),
                                               themeDirectory: packageRoot.appendingPathComponent("site"), workingDirectory: packageRoot,
                                               baseURL: base)
                _ = try SiteBuilder(options: options).build()
                let page = try readPage(folder.appendingPathComponent("site"), "404.html")
                #expect(page.contains(expected), "\(base)")
                #expect(page.contains("<link rel=\"stylesheet\" href=\"\(base)assets/cachebook.css\">"))
                #expect(try readPage(folder.appendingPathComponent("site"), "index.html").contains("href=\"assets/cachebook.css\""), "other pages stay relative")
            }
        }
    }

    @Test func siteSizeGrowsLinearlyWithLessons() throws {
        func size(lessons: Int) throws -> Int {
            try withFolder { folder in
                let course = folder.appendingPathComponent("course")
                try FileManager.default.createDirectory(at: course, withIntermediateDirectories: true)
                for index in 0..<lessons {
                    let text = "---\nid: lesson-\(index)\ntitle: Lesson \(index)\nphase: foundations\norder: \(index)\nduration: 10m\n---\n\n# Lesson \(index)\n\n"
                        + String(repeating: "Cache entries expire after their TTL, and a miss reads the store. ", count: 20) + "\n"
                    try Data(text.utf8).write(to: course.appendingPathComponent("lesson-\(index).md"))
                }
                return try withBuiltSite(course) { _, report in report.totalBytes - 40_000 }
            }
        }
        let small = try size(lessons: 20), large = try size(lessons: 80)
        // Four times the lessons: about four times the site, not sixteen (no per-page copy of the table of contents).
        let ratio = Double(large) / Double(small)
        #expect(ratio > 3.3 && ratio < 4.7, "ratio \(ratio)")
    }
}
