@testable import CachebookSite
import Foundation
import Testing

/// A fresh temporary folder, removed afterwards.
func withFolder<T>(_ body: (URL) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cachebook-site-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder.resolvingSymlinksInPath())
}

/// Every file and folder under `folder`, relative, sorted.
func listing(_ folder: URL) -> [String] {
    let enumerator = FileManager.default.enumerator(atPath: folder.path)
    var paths: [String] = []
    while let path = enumerator?.nextObject() as? String { paths.append(path) }
    return paths.sorted()
}

@Suite("The output folder is only ever written inside, and only when it is ours")
struct OutputDirectoryTests {
    @Test func aMissingOrEmptyFolderIsTaken() throws {
        try withFolder { folder in
            _ = try OutputDirectory(folder.appendingPathComponent("new/site"), force: false)
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("new/site").path))
            let empty = folder.appendingPathComponent("empty")
            try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
            _ = try OutputDirectory(empty, force: false)
        }
    }

    @Test func aForeignFolderIsRefusedUnlessForcedAndNothingIsDeleted() throws {
        try withFolder { folder in
            try Data("mine".utf8).write(to: folder.appendingPathComponent("notes.txt"))
            #expect(throws: SiteBuildError.self) { try OutputDirectory(folder, force: false) }
            let output = try OutputDirectory(folder, force: true)
            try output.write(Data("<p>".utf8), to: "index.html")
            try output.finish(written: ["index.html"])
            #expect(listing(folder) == [".cachebook-site", "index.html", "notes.txt"])
        }
    }

    @Test func aMarkedFolderIsOursAndStaleFilesGo() throws {
        try withFolder { folder in
            var output = try OutputDirectory(folder, force: false)
            try output.write(Data("a".utf8), to: "lessons/old.html")
            try output.write(Data("b".utf8), to: "index.html")
            try output.finish(written: ["lessons/old.html", "index.html"])
            try Data("keep".utf8).write(to: folder.appendingPathComponent("CNAME"))
            output = try OutputDirectory(folder, force: false)
            try output.write(Data("c".utf8), to: "index.html")
            try output.finish(written: ["index.html"])
            #expect(listing(folder) == [".cachebook-site", "CNAME", "index.html", "lessons"])
        }
    }

    @Test func aFileAlreadyHoldingTheBytesIsLeftAndAnyOtherIsReplacedWhole() throws {
        try withFolder { folder in
            let output = try OutputDirectory(folder, force: false)
            let file = folder.appendingPathComponent("page.html")
            func inode() throws -> Int { (try FileManager.default.attributesOfItem(atPath: file.path)[.systemFileNumber] as! NSNumber).intValue }
            try output.write(Data("same".utf8), to: "page.html")
            let first = try inode()
            try output.write(Data("same".utf8), to: "page.html")
            #expect(try inode() == first, "the same bytes leave the file as it was")
            // Same size, other bytes: a new file takes the old one's place.
            try FileManager.default.linkItem(at: file, to: folder.appendingPathComponent("old.html"))
            try output.write(Data("diff".utf8), to: "page.html")
            #expect(try inode() != first)
            #expect(try String(contentsOf: file, encoding: .utf8) == "diff")
            #expect(try String(contentsOf: folder.appendingPathComponent("old.html"), encoding: .utf8) == "same")
            #expect(listing(folder) == ["old.html", "page.html"], "no temporary file is left behind")
        }
    }

    /// Files are compared a piece at a time: a difference in any piece, the last one too, is
    /// seen, and a file the same in every piece is left.
    @Test(arguments: [0, 65_535, 65_536, 65_537, 200_000 - 1])
    func aLargeFileIsComparedToTheEnd(differingAt offset: Int) throws {
        try withFolder { folder in
            let output = try OutputDirectory(folder, force: false)
            let file = folder.appendingPathComponent("print.html")
            func inode() throws -> Int { (try FileManager.default.attributesOfItem(atPath: file.path)[.systemFileNumber] as! NSNumber).intValue }
            let bytes = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
            try output.write(bytes, to: "print.html")
            let first = try inode()
            try output.write(bytes, to: "print.html")
            #expect(try inode() == first, "the same bytes leave the file as it was")
            var other = bytes
            other[offset] &+= 1
            try output.write(other, to: "print.html")
            #expect(try inode() != first)
            #expect(try Data(contentsOf: file) == other)
        }
    }

    @Test(arguments: ["../escape.html", "/etc/passwd", "lessons/../../x", "", "a//b", ".hidden", "a/./b", "sp ace.html"])
    func pathsThatLeaveTheFolderAreRefused(path: String) throws {
        try withFolder { folder in
            let output = try OutputDirectory(folder.appendingPathComponent("site"), force: false)
            let before = listing(folder)
            #expect(throws: SiteBuildError.self) { try output.write(Data("x".utf8), to: path) }
            #expect(listing(folder) == before)
        }
    }

    @Test func aSymbolicLinkInsideCannotLeadOutside() throws {
        try withFolder { folder in
            let outside = folder.appendingPathComponent("outside")
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            let site = folder.appendingPathComponent("site")
            let output = try OutputDirectory(site, force: false)
            try FileManager.default.createSymbolicLink(at: site.appendingPathComponent("lessons"), withDestinationURL: outside)
            #expect(throws: SiteBuildError.self) { try output.write(Data("x".utf8), to: "lessons/a.html") }
            #expect(listing(outside).isEmpty)
        }
    }

    @Test func aFileThatIsASymbolicLinkIsNeverWrittenThrough() throws {
        try withFolder { folder in
            let target = folder.appendingPathComponent("precious.txt")
            try Data("keep".utf8).write(to: target)
            let site = folder.appendingPathComponent("site")
            let output = try OutputDirectory(site, force: false)
            try FileManager.default.createDirectory(at: site.appendingPathComponent("records"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(at: site.appendingPathComponent("records/a.json"), withDestinationURL: target)
            #expect {
                try output.write([("records/a.json", Data("x".utf8))])
            } throws: { error in
                "\(error)".contains("it is a symbolic link")
            }
            #expect(try String(contentsOf: target, encoding: .utf8) == "keep")
            // A file written again is replaced whole, and a hard link to it keeps the old bytes.
            try output.write([("records/b.json", Data("old, longer".utf8))])
            try FileManager.default.linkItem(at: site.appendingPathComponent("records/b.json"), to: folder.appendingPathComponent("hard.json"))
            try output.write([("records/b.json", Data("new".utf8))])
            #expect(try String(contentsOf: folder.appendingPathComponent("hard.json"), encoding: .utf8) == "old, longer")
            #expect(try String(contentsOf: site.appendingPathComponent("records/b.json"), encoding: .utf8) == "new")
        }
    }
}
