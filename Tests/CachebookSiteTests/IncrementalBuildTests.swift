@testable import CachebookSite
import Foundation
import Testing

/// A second build into the same folder renders only what changed, and its output is the same,
/// byte for byte, as a full build's.
@Suite("Rebuilds reuse unchanged lessons and give the same site as a full build")
struct IncrementalBuildTests {
    /// A course of three lessons, the middle one with a runnable block, in `folder/course`.
    private func makeCourse(in folder: URL) throws -> URL {
        let course = folder.appendingPathComponent("course")
        try FileManager.default.createDirectory(at: course.appendingPathComponent("foundations"), withIntermediateDirectories: true)
        try Data("id: inc\ntitle: Incremental\nphases:\n  - id: foundations\n    title: Foundations\n".utf8)
            .write(to: course.appendingPathComponent("course.yml"))
        for (order, id) in ["first", "second", "third"].enumerated() {
            let block = id == "second" ? "```cachelab\ncache capacity=2\nget a\nget a\nstats\n```\n" : ""
            try Data("---\nid: \(id)\ntitle: The \(id) lesson\nphase: foundations\norder: \(order + 1)\nduration: 10m\n---\n\n# \(id)\n\nText of \(id).\n\n\(block)".utf8)
                .write(to: course.appendingPathComponent("foundations/\(id).md"))
        }
        return course
    }

    private func build(_ course: URL, into out: URL, full: Bool = false, theme: URL = packageRoot.appendingPathComponent("site")) throws -> SiteBuildReport {
        let options = SiteBuildOptions(courseDirectory: course, outputDirectory: out, themeDirectory: theme,
                                       workingDirectory: course, reusesUnchangedLessons: !full)
        return try SiteBuilder(options: options).build()
    }

    /// Every file of a site but the lesson cache, with its bytes.
    private func contents(_ site: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in listing(site) where !path.hasPrefix(LessonBuildCache.folderName) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: site.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = try Data(contentsOf: site.appendingPathComponent(path))
            }
        }
        return files
    }

    /// Rewrites `file` with each `(old, new)` replacement made, as an author's edit.
    private func edit(_ file: URL, _ replacements: [(String, String)]) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        try Data(replacements.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }.utf8).write(to: file)
    }

    private func modified(_ site: URL, _ path: String) throws -> Date {
        try FileManager.default.attributesOfItem(atPath: site.appendingPathComponent(path).path)[.modificationDate] as! Date
    }

    @Test func aSecondBuildReusesEveryLessonAndChangesNoPage() throws {
        try withFolder { folder in
            let course = try makeCourse(in: folder)
            let site = folder.appendingPathComponent("site")
            #expect(try build(course, into: site).reusedLessons == 0)
            let before = try contents(site)
            let stamp = try modified(site, "lessons/second.html")
            let again = try build(course, into: site)
            #expect(again.reusedLessons == 3)
            #expect(try contents(site) == before)
            #expect(try modified(site, "lessons/second.html") == stamp, "an unchanged page is not rewritten")
        }
    }

    @Test func editingOneLessonRendersOnlyItAndMatchesAFullBuild() throws {
        try withFolder { folder in
            let course = try makeCourse(in: folder)
            let site = folder.appendingPathComponent("site")
            _ = try build(course, into: site)
            try edit(course.appendingPathComponent("foundations/second.md"), [("Text of second.", "Edited text."), ("get a\nget a", "get b\nget a")])
            let report = try build(course, into: site)
            #expect(report.reusedLessons == 2)
            let page = try String(contentsOf: site.appendingPathComponent("lessons/second.html"), encoding: .utf8)
            #expect(page.contains("Edited text."))
            let fullSite = folder.appendingPathComponent("full")
            _ = try build(course, into: fullSite, full: true)
            let (incremental, complete) = (try contents(site), try contents(fullSite))
            #expect(incremental.keys.sorted() == complete.keys.sorted())
            for (path, data) in complete where incremental[path] != data {
                Issue.record("\(path) differs from a full build's")
            }
        }
    }

    @Test func aFileALessonRefersToAppearingRendersItAgain() throws {
        try withFolder { folder in
            let course = try makeCourse(in: folder)
            try edit(course.appendingPathComponent("foundations/third.md"), [("Text of third.", "![flow](flow.png)")])
            let site = folder.appendingPathComponent("site")
            #expect(try build(course, into: site).warnings.map(\.message) == ["the image `flow.png` is not in the course"])
            try Data("PNG".utf8).write(to: course.appendingPathComponent("foundations/flow.png"))
            let again = try build(course, into: site)
            #expect(again.reusedLessons == 2, "the lesson's own file did not change, the image did")
            #expect(again.warnings.isEmpty)
        }
    }

    @Test func aRenamedNeighbourOrANewThemeRendersEverything() throws {
        try withFolder { folder in
            let course = try makeCourse(in: folder)
            let site = folder.appendingPathComponent("site")
            _ = try build(course, into: site)
            // The first lesson's title shows in the second's "previous" link.
            try edit(course.appendingPathComponent("foundations/first.md"), [("title: The first lesson", "title: Renamed")])
            #expect(try build(course, into: site).reusedLessons == 0)
            #expect(try String(contentsOf: site.appendingPathComponent("lessons/second.html"), encoding: .utf8).contains("Renamed"))

            // A theme override is part of every page.
            let theme = course.appendingPathComponent("theme")
            try FileManager.default.createDirectory(at: theme, withIntermediateDirectories: true)
            try Data("body { color: teal; }\n".utf8).write(to: theme.appendingPathComponent("cachebook.css"))
            #expect(try build(course, into: site).reusedLessons == 0)
            #expect(try build(course, into: site).reusedLessons == 3)
        }
    }

    @Test func aMovedLessonFileIsRenderedAgain() throws {
        try withFolder { folder in
            let course = try makeCourse(in: folder)
            let site = folder.appendingPathComponent("site")
            _ = try build(course, into: site)
            // The page shows where its source is ("edit this lesson").
            try FileManager.default.createDirectory(at: course.appendingPathComponent("foundations/more"), withIntermediateDirectories: true)
            try FileManager.default.moveItem(at: course.appendingPathComponent("foundations/third.md"),
                                             to: course.appendingPathComponent("foundations/more/third.md"))
            #expect(try build(course, into: site).reusedLessons == 2)
            #expect(try String(contentsOf: site.appendingPathComponent("lessons/third.html"), encoding: .utf8).contains("foundations/more/third.md"))
        }
    }

    @Test func fullRendersEveryLessonAndAMissingPageIsRenderedAgain() throws {
        try withFolder { folder in
            let course = try makeCourse(in: folder)
            let site = folder.appendingPathComponent("site")
            _ = try build(course, into: site)
            #expect(try build(course, into: site, full: true).reusedLessons == 0)
            try FileManager.default.removeItem(at: site.appendingPathComponent("lessons/third.html"))
            let report = try build(course, into: site)
            #expect(report.reusedLessons == 2)
            #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("lessons/third.html").path))
        }
    }

    @Test func aPageCutShortIsRenderedAgain() throws {
        try withFolder { folder in
            let course = try makeCourse(in: folder)
            let site = folder.appendingPathComponent("site")
            _ = try build(course, into: site)
            let page = site.appendingPathComponent("lessons/second.html")
            let whole = try Data(contentsOf: page)
            // As a build stopped halfway through writing a new page would leave it.
            try whole.prefix(whole.count / 2).write(to: page)
            #expect(try build(course, into: site).reusedLessons == 2)
            #expect(try Data(contentsOf: page) == whole)
        }
    }

    @Test func aFullBuildLeavesPagesWhoseBytesAreTheSameUntouched() throws {
        try withFolder { folder in
            let course = try makeCourse(in: folder)
            let site = folder.appendingPathComponent("site")
            _ = try build(course, into: site)
            // The same file, not a copy with the same bytes: its inode and modification time.
            func identity(_ path: String) throws -> [AnyHashable] {
                let attributes = try FileManager.default.attributesOfItem(atPath: site.appendingPathComponent(path).path)
                return [attributes[.systemFileNumber] as! NSNumber, attributes[.modificationDate] as! Date]
            }
            let before = try ["index.html", "lessons/first.html"].map(identity)
            try edit(course.appendingPathComponent("foundations/second.md"), [("Text of second.", "Edited text.")])
            #expect(try build(course, into: site, full: true).reusedLessons == 0)
            #expect(try ["index.html", "lessons/first.html"].map(identity) == before)
            #expect(try String(contentsOf: site.appendingPathComponent("lessons/second.html"), encoding: .utf8).contains("Edited text."))
        }
    }

    @Test func aRemovedLessonTakesItsPageAndRecordWithIt() throws {
        try withFolder { folder in
            let course = try makeCourse(in: folder)
            let site = folder.appendingPathComponent("site")
            _ = try build(course, into: site)
            try FileManager.default.removeItem(at: course.appendingPathComponent("foundations/third.md"))
            _ = try build(course, into: site)
            #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("lessons/third.html").path))
            #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent(LessonBuildCache.folderName + "/third.json").path))
        }
    }
}
