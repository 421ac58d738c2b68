import Foundation
import Testing

@Suite("cachebook build and serve, run as an author would")
struct SiteEndToEndTests {
    /// A fresh temporary folder, removed afterwards.
    private func withFolder(_ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cachebook-site-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder)
    }

    @Test func buildWritesTheSiteAndSaysWhere() throws {
        try withFolder { folder in
            let out = folder.appendingPathComponent("site")
            let result = try runCachebook(["build", "--out", out.path])
            #expect(result.status == 0)
            #expect(result.stdout.hasPrefix("Built 8 lessons (12 pages, "))
            #expect(result.stdout.contains("into \(out.resolvingSymlinksInPath().path) in "))
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("lessons/read-through.html").path))
            // The search index's size is reported, as the script it wrote, and as a share of the HTML.
            let index = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("assets/search-index.js").path)
            let kilobytes = Int(((index[.size] as? Int ?? 0)) / 1024)
            let reported = try #require(result.stdout.firstMatch(of: /; search index (\d+) KB \((\d+)% of the HTML\)\.\n$/))
            #expect(abs((Int(reported.1) ?? -9) - kilobytes) <= 1, "\(result.stdout)")
            #expect((1...15).contains(Int(reported.2) ?? 0), "at most 15% of the HTML, as the issue asks")
            #expect(try runCachebook(["build", "--out", out.path, "--quiet"]).stdout.isEmpty)
        }
    }

    @Test func aTerminalSeesEachLessonRenderedThenWritten() throws {
        try withFolder { folder in
            let command = "\(cachebookExecutable.path) build --course \(packageRoot.path)/Lessons --out \(folder.path)/site"
            let shown = try runInTerminal(command).stdout
            #expect(shown.contains("[1/8] rendering "))
            #expect(shown.contains("[8/8] rendering "))
            #expect(shown.contains("[8/8] writing "))
            let rendered = try #require(shown.range(of: "[8/8] rendering "))
            let writing = try #require(shown.range(of: "[1/8] writing "))
            #expect(rendered.lowerBound < writing.lowerBound)
            #expect(shown.contains("Built 8 lessons"))
            #expect(!(try runInTerminal(command + " --quiet --full").stdout.contains("rendering")))
        }
    }

    @Test func aForeignFolderIsRefusedWithoutForce() throws {
        try withFolder { folder in
            try Data("notes".utf8).write(to: folder.appendingPathComponent("notes.txt"))
            let refused = try runCachebook(["build", "--out", folder.path])
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("is not empty and was not made by cachebook"))
            #expect(refused.stderr.contains("--force"))
            #expect(try runCachebook(["build", "--out", folder.path, "--force", "--quiet"]).status == 0)
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("notes.txt").path))
        }
    }

    @Test func problemsInTheCourseStopTheBuildWithLintDiagnostics() throws {
        try withFolder { folder in
            let broken = packageRoot.appendingPathComponent("Tests/CachebookCourseTests/Fixtures/broken-course")
            let result = try runCachebook(["build", "--course", broken.path, "--out", folder.appendingPathComponent("site").path])
            #expect(result.status == 1)
            #expect(result.stderr.contains("error: `requires` names unknown lesson `nowhere`"))
            #expect(result.stderr.contains("error: the site was not built"))
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("site/index.html").path))
        }
    }

    @Test func serveAnswersOnLoopbackRebuildsAndReloadsOnLessonAndThemeChangesAndStopsOnInterrupt() throws {
        try withFolder { folder in
            let course = folder.appendingPathComponent("course")
            try FileManager.default.copyItem(at: endToEndFixtures.appendingPathComponent("tiny-course"), to: course)
            // A theme of its own, to change as an author changes the default one.
            let theme = folder.appendingPathComponent("theme")
            try FileManager.default.createDirectory(at: theme, withIntermediateDirectories: true)
            for part in ["templates", "assets"] {
                try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("site/\(part)"), to: theme.appendingPathComponent(part))
            }
            let process = Process()
            process.executableURL = cachebookExecutable
            process.arguments = ["serve", "--port", "0", "--course", course.path, "--out", folder.appendingPathComponent("site").path]
            process.environment = ProcessInfo.processInfo.environment.merging(["CACHEBOOK_THEME": theme.path]) { _, ours in ours }
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            defer { if process.isRunning { process.terminate() } }
            let log = LineCollector(errors.fileHandleForReading)
            let banner = try #require(log.waitForLine(containing: "Serving the course at http://127.0.0.1:"))
            let address = String(banner[banner.range(of: "http://")!.lowerBound...].prefix { $0 != " " })
            let index = try fetch(address + "index.html")
            #expect(index.contains("A tiny course that shows every kind of node"))
            #expect(try fetch(address + "__cachebook/generation") == "1")
            // Every page asks for the script that reloads it when the generation moves on.
            #expect(index.contains("<script src=\"/__cachebook/live-reload.js\"></script>"))
            let reloader = try fetch(address + "__cachebook/live-reload.js")
            #expect(reloader.contains("/__cachebook/generation") && reloader.contains("location.reload()"))
            // A missing page deep in the site still gets a styled 404 with working links.
            let missing = try fetch(address + "lessons/nope.html")
            #expect(missing.contains("This page is not in the course"))
            #expect(missing.contains("<link rel=\"stylesheet\" href=\"/assets/cachebook.css\">"))
            #expect(try fetch(address + "assets/cachebook.css").contains("--bg"))
            // An edit is picked up, rebuilt, and the generation moves on so open pages reload.
            // Each change lands whole (written aside, then moved into place), so that no poll
            // sees half of it.
            let lesson = course.appendingPathComponent("foundations/every-node.md")
            let text = try String(contentsOf: lesson, encoding: .utf8).replacingOccurrences(of: "title: Every Node", with: "title: Every Node Edited")
            try Data(text.utf8).write(to: lesson, options: .atomic)
            #expect(log.waitForLine(containing: "Changes found; rebuilding") != nil)
            #expect(eventually { page(address + "lessons/every-node.html").contains("Every Node Edited") })
            #expect(eventually { generation(at: address) >= 2 }, "open pages see a new generation and reload")
            // So is a change to the theme's files, and to the course's own overrides of them.
            let stylesheet = theme.appendingPathComponent("assets/cachebook.css")
            try Data((String(contentsOf: stylesheet, encoding: .utf8) + "\n/* edited theme */\n").utf8).write(to: stylesheet, options: .atomic)
            #expect(eventually { page(address + "assets/cachebook.css").contains("/* edited theme */") })
            let overrides = folder.appendingPathComponent("overrides")
            try FileManager.default.createDirectory(at: overrides, withIntermediateDirectories: true)
            try Data("<p>{{courseTitle}}: overridden</p>".utf8).write(to: overrides.appendingPathComponent("index.mustache"))
            try FileManager.default.moveItem(at: overrides, to: course.appendingPathComponent("theme"))
            #expect(eventually { page(address + "index.html").contains(": overridden</p>") })
            #expect(eventually { generation(at: address) >= 4 })
            kill(process.processIdentifier, SIGINT)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(log.waitForLine(containing: "Stopped.") != nil)
        }
    }

    /// Whether `condition` holds within five seconds.
    private func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<50 {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    /// The page at `address`, or nothing while the server cannot answer.
    private func page(_ address: String) -> String {
        (try? fetch(address)) ?? ""
    }

    /// The number of the build the server at `address` serves.
    private func generation(at address: String) -> Int {
        Int(page(address + "__cachebook/generation")) ?? 0
    }

    private func fetch(_ address: String) throws -> String {
        let result = try runCommand("/usr/bin/curl", ["-s", "--max-time", "5", address])
        return result.stdout
    }
}

/// Collects the lines a process writes, so that a test can wait for one.
private final class LineCollector: @unchecked Sendable {
    private var text = ""
    private let lock = NSLock()

    init(_ handle: FileHandle) {
        handle.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.text += String(decoding: data, as: UTF8.self) }
        }
    }

    /// The first line containing `fragment`, waiting up to ten seconds for it.
    func waitForLine(containing fragment: String) -> String? {
        for _ in 0..<100 {
            if let line = lock.withLock({ text.split(separator: "\n").first { $0.contains(fragment) } }) { return String(line) }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return nil
    }
}
