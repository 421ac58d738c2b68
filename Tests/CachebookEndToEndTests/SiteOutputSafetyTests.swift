import Foundation
import Testing

/// `cachebook build` writes only inside `--out`, only into a folder it made or was told to take,
/// and never follows a link or a manifest entry out of it. Every test runs under a temporary
/// root and compares the listing of everything outside the output folder before and after.
@Suite("The site build never writes outside its output folder")
struct SiteOutputSafetyTests {
    private let lesson = TemporaryCourse.lesson(id: "only", body: "# Only\n\nSome text.\n")

    /// Runs `body` with a course and a folder `outside` holding a file that must survive.
    private func withRoot(_ body: (TemporaryCourse, URL) throws -> Void) throws {
        try TemporaryCourse.with(["foundations/only.md": lesson]) { course in
            let outside = course.scratch("outside")
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            try Data("keep me".utf8).write(to: outside.appendingPathComponent("victim.txt"))
            try body(course, outside)
        }
    }

    private func build(_ course: TemporaryCourse, out: URL, force: Bool = false) throws -> ProcessResult {
        try runCachebook(["build", "--course", course.path, "--out", out.path, "--quiet"] + (force ? ["--force"] : []))
    }

    /// The listing of the temporary root without the output folder's own contents.
    private func listingOutside(_ course: TemporaryCourse, out: URL) throws -> [String] {
        let prefix = out.lastPathComponent + "/"
        return try listing(course.root).filter { !$0.hasPrefix(prefix) }
    }

    @Test func aFolderWithoutTheMarkerIsRefusedUnlessForcedAndThenNothingInItIsDeleted() throws {
        try withRoot { course, _ in
            let out = course.scratch("site")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try Data("mine".utf8).write(to: out.appendingPathComponent("notes.txt"))
            let before = try listing(course.root)
            let refused = try build(course, out: out)
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("is not empty and was not made by cachebook"))
            #expect(try listing(course.root) == before)
            #expect(try build(course, out: out, force: true).status == 0)
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("notes.txt").path))
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(".cachebook-site").path))
        }
    }

    @Test func aRebuildRemovesOnlyWhatTheLastBuildWrote() throws {
        try withRoot { course, _ in
            let out = course.scratch("site")
            try course.write(TemporaryCourse.lesson(id: "second", order: 2, body: "# Second\n"), to: "foundations/second.md")
            #expect(try build(course, out: out).status == 0)
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("lessons/second.html").path))
            try Data("added by hand".utf8).write(to: out.appendingPathComponent("CNAME"))
            try FileManager.default.removeItem(atPath: course.path + "/foundations/second.md")
            let outsideBefore = try listingOutside(course, out: out)
            #expect(try build(course, out: out).status == 0)
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("lessons/second.html").path))
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("CNAME").path))
            #expect(try listingOutside(course, out: out) == outsideBefore)
        }
    }

    @Test func aTamperedManifestCannotDeleteOutsideTheFolder() throws {
        try withRoot { course, outside in
            let out = course.scratch("site")
            #expect(try build(course, out: out).status == 0)
            let marker = out.appendingPathComponent(".cachebook-site")
            var manifest = try String(contentsOf: marker, encoding: .utf8)
            manifest += "../outside/victim.txt\n\(outside.path)/victim.txt\nlessons/../../outside/victim.txt\n"
            try manifest.write(to: marker, atomically: true, encoding: .utf8)
            let before = try listingOutside(course, out: out)
            #expect(try build(course, out: out).status == 0)
            #expect(try listingOutside(course, out: out) == before)
            #expect(try String(contentsOf: outside.appendingPathComponent("victim.txt"), encoding: .utf8) == "keep me")
        }
    }

    @Test func linksInsideTheOutputFolderAreNotFollowed() throws {
        try withRoot { course, outside in
            let out = course.scratch("site")
            #expect(try build(course, out: out).status == 0)
            // A folder the build writes into, and a page it rewrites, both turned into links.
            try FileManager.default.removeItem(at: out.appendingPathComponent("lessons"))
            try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("lessons"), withDestinationURL: outside)
            let before = try listingOutside(course, out: out)
            let folderLink = try build(course, out: out)
            #expect(folderLink.status == 2)
            #expect(folderLink.stderr.contains("it is not a plain folder inside the output folder"))
            #expect(try listingOutside(course, out: out) == before)

            try FileManager.default.removeItem(at: out.appendingPathComponent("lessons"))
            try FileManager.default.removeItem(at: out.appendingPathComponent("index.html"))
            try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("index.html"),
                                                       withDestinationURL: outside.appendingPathComponent("victim.txt"))
            let fileLink = try build(course, out: out)
            #expect(fileLink.status == 2)
            #expect(fileLink.stderr.contains("it is a symbolic link"))
            #expect(try String(contentsOf: outside.appendingPathComponent("victim.txt"), encoding: .utf8) == "keep me")
            #expect(try listingOutside(course, out: out) == before)
        }
    }
}
