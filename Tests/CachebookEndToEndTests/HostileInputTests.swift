import Foundation
import Testing

/// Files that careless or hostile authors write. Each is refused with a diagnostic or shown
/// safely; none crashes, hangs or escapes into the terminal or the page.
@Suite("Hostile input is refused or made harmless, never a crash")
struct HostileInputTests {
    private func run(_ arguments: [String], in course: TemporaryCourse) throws -> ProcessResult {
        try runCachebook(arguments + ["--course", course.path], currentDirectory: URL(fileURLWithPath: course.path))
    }

    private func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = Date()
        try body()
        return Date().timeIntervalSince(start)
    }

    @Test func aFiftyMegabyteLessonIsRefusedQuickly() throws {
        // 50 MiB of 64-byte lines, plus the front matter.
        let body = String(repeating: "A cache entry expires after its TTL, then the next read misses.\n", count: 50 << 14)
        try TemporaryCourse.with(["foundations/big.md": TemporaryCourse.lesson(id: "big", body: body)]) { course in
            var lint: ProcessResult?
            let elapsed = try seconds { lint = try run(["lint"], in: course) }
            #expect(lint?.status == 1)
            #expect(lint?.stdout.contains("foundations/big.md:1:1: error: the lesson is 50.0 MB; files may be at most 4 MB") == true)
            #expect(elapsed < 20)
            let draft = try runCachebook(["read", course.path + "/foundations/big.md", "--no-pager"])
            #expect(draft.status == 2)
            #expect(draft.stderr.contains("is 50.0 MB; files may be at most 4 MB"))
        }
    }

    @Test func aHundredThousandLineScenarioStopsAtTheStepLimit() throws {
        let steps = String(repeating: "get k\n", count: 100_000)
        let lesson = TemporaryCourse.lesson(id: "long", body: "# Long\n\n```cachelab\ncache capacity=2\n\(steps)```\n")
        try TemporaryCourse.with(["foundations/long.md": lesson]) { course in
            let result = try run(["test"], in: course)
            #expect(result.status == 1)
            // The fence is file line 11 and the cache line 12, so step 10,001 is line 10,013.
            let message = "foundations/long.md:10013:1: error: a scenario may have at most 10000 steps"
            #expect(result.stdout.components(separatedBy: message).count == 2, "once, not twice: \(result.stdout.prefix(600))")
            #expect(!result.stdout.contains("--update"), "nothing to accept when a block does not parse")
        }
    }

    @Test func aTrillionRequestsHitTheBoundWithAClearError() throws {
        try withTemporaryFile("cache capacity=10\nworkload zipf keys=100 requests=1000000000000\n", named: "huge.lab") { file in
            let result = try runCachebook(["run", "--file", file.path])
            #expect(result.status == 1)
            #expect(result.stderr.contains("huge.lab:2:33: error: `requests=1000000000000` is over the limit of 1000000"))
            #expect(result.stderr.contains("hint: use a whole number from 0 to 1000000"))
        }
    }

    @Test func writesRetriedThroughAYearLongOutageStopAtTheEventLimitQuickly() throws {
        // Every limit but the events one allows this; without it the run filled gigabytes.
        let scenario = "cache capacity=10\npattern write-back queue=1 when-full=block\nfault down from=0 to=8000h\nput a 1\nput b 2\n"
        try withTemporaryFile(scenario, named: "outage.lab") { file in
            let started = Date()
            let result = try runCachebook(["run", "--file", file.path])
            #expect(Date().timeIntervalSince(started) < 30)
            #expect(result.status == 1)
            #expect(result.stderr.contains("outage.lab:5:1: error: the scenario stopped: 200001 events is over the limit of 200000"))
            #expect(!result.stdout.contains("error:"), "said once, on stderr, with its line")
        }
    }

    @Test func aScenarioFileIsReadLikeALesson() throws {
        try withTemporaryFile("cache capacity=2\nget a\u{1}", named: "bad.lab") { file in
            // Not UTF-8: the byte after `get a` is replaced with 0xFF.
            var bytes = Array(try Data(contentsOf: file))
            bytes[bytes.count - 1] = 0xFF
            try Data(bytes).write(to: file)
            for command in [["run", "--file", file.path], ["check", "use-case-selection", "tune-sensors", "--file", file.path]] {
                let result = try runCachebook(command + ["--state", temporaryStateFile()])
                #expect(result.status == 2, "\(command)")
                #expect(result.stderr.contains("bad.lab:2:6: the file is not valid UTF-8"), "\(command): \(result.stderr)")
            }
        }
        try withTemporaryFile("", named: "empty.lab") { file in
            let folder = try runCachebook(["run", "--file", file.deletingLastPathComponent().path])
            #expect(folder.status == 2)
            #expect(folder.stderr.contains("error: cannot read"), "a folder is not a scenario: \(folder.stderr)")
        }
        try withTemporaryFile(String(repeating: "get a\n", count: 1_000_000), named: "huge.lab") { file in
            let started = Date()
            let result = try runCachebook(["run", "--file", file.path])
            #expect(Date().timeIntervalSince(started) < 10)
            #expect(result.status == 2)
            #expect(result.stderr.contains("huge.lab is over 4 MB, the most a scenario file may be"))
        }
    }

    @Test func aFailedBlockInALessonIsReportedAtItsLine() throws {
        let lesson = TemporaryCourse.lesson(id: "outage", body: "# Outage\n\n```cachelab\ncache capacity=2\nput a 1\nadvance 9000h\n```\n")
        try TemporaryCourse.with(["foundations/outage.md": lesson]) { course in
            let result = try run(["run", "outage"], in: course)
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("foundations/outage.md:14:1: error: the block at line 11 stopped: the simulation would reach"), "\(result.stderr)")
            #expect(result.stderr.contains("hint: "))
        }
    }

    @Test func nestedYAMLAliasesDoNotExplodeInADraftOrALesson() throws {
        // Nine levels of nine aliases: 387 million strings if anything expanded them.
        var front = "title: Laughs\na0: &a0 [" + Array(repeating: "lol", count: 9).joined(separator: ",") + "]\n"
        for level in 1...9 { front += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ",") + "]\n" }
        let draft = "---\n" + front + "objectives: *a9\n---\n\n# Body\n\nStill here.\n"
        try withTemporaryFile(draft, named: "laughs.md") { file in
            var result: ProcessResult?
            let elapsed = try seconds { result = try runCachebook(["read", file.path, "--no-pager", "--no-color"]) }
            #expect(elapsed < 10)
            #expect(result?.status == 0)
            #expect(result?.stdout.contains("Still here.") == true)
        }
        let lesson = TemporaryCourse.lesson(id: "laughs", extra: front.replacingOccurrences(of: "title: Laughs\n", with: ""), body: "# Body\n")
        try TemporaryCourse.with(["foundations/laughs.md": lesson]) { course in
            var result: ProcessResult?
            let elapsed = try seconds { result = try run(["lint"], in: course) }
            #expect(elapsed < 10)
            #expect(result?.status != nil && result?.stderr.contains("Fatal error") == false)
        }
    }

    @Test func tenThousandDeepNestingIsRenderedOrRefused() throws {
        let deepMarkdown = String(repeating: ">", count: 10_000) + " quoted\n\n" + String(repeating: "*", count: 10_000) + "x"
            + String(repeating: "*", count: 10_000) + "\n\n" + String(repeating: "[", count: 10_000) + "a" + String(repeating: "]", count: 10_000) + "\n\n"
            + (0..<2_000).map { String(repeating: "  ", count: $0) + "- item\n" }.joined()
        let deepYAML = "objectives: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
        let lessons = [
            "foundations/deep.md": TemporaryCourse.lesson(id: "deep", body: "# Deep\n\n" + deepMarkdown),
            "foundations/yaml.md": TemporaryCourse.lesson(id: "yaml", order: 2, extra: deepYAML, body: "# Deep YAML\n"),
        ]
        try TemporaryCourse.with(lessons) { course in
            let lint = try run(["lint"], in: course)
            #expect(lint.stdout.contains("foundations/yaml.md:7:"), "\(lint.stdout)")
            #expect(lint.stdout.contains("error: the front matter is not valid YAML"))
            try FileManager.default.removeItem(atPath: course.path + "/foundations/yaml.md")
            let read = try run(["read", "deep", "--no-pager", "--width", "80"], in: course)
            #expect(read.status == 0)
            #expect(read.stdout.contains("quoted"))
            let build = try run(["build", "--out", course.scratch("site").path, "--quiet"], in: course)
            #expect(build.status == 0, "\(build.stderr)")
        }
    }

    @Test func invalidUTF8IsReportedAtItsLineAndColumn() throws {
        var bytes = TemporaryCourse.lesson(id: "latin", body: "# Caf")
        bytes.append(contentsOf: [0xE9, 0x0A])
        try TemporaryCourse.with(["foundations/latin.md": bytes]) { course in
            let lint = try run(["lint"], in: course)
            #expect(lint.status == 1)
            #expect(lint.stdout.contains("foundations/latin.md:9:6: error: the file is not valid UTF-8"))
            #expect(lint.stdout.contains("hint: save the file as UTF-8"))
        }
    }

    @Test func nulBytesBecomeReplacementCharacters() throws {
        let lesson = TemporaryCourse.lesson(id: "nul", title: "\"Tab\\0le\"", body: "# Ze\u{0}ro\n\nA\u{0}B in text, `c\u{0}d` in code.\n")
        try TemporaryCourse.with(["foundations/nul.md": lesson]) { course in
            let read = try run(["read", "nul", "--no-pager"], in: course)
            #expect(read.status == 0)
            #expect(!read.stdout.contains("\u{0}"))
            #expect(read.stdout.contains("A\u{FFFD}B"))
            let site = course.scratch("site")
            #expect(try run(["build", "--out", site.path, "--quiet"], in: course).status == 0)
            let page = try Data(contentsOf: site.appendingPathComponent("lessons/nul.html"))
            #expect(!page.contains(0))
            #expect(String(decoding: page, as: UTF8.self).contains("A\u{FFFD}B"))
        }
    }

    @Test func aSymlinkOutOfTheCourseIsSkippedWithAWarning() throws {
        try TemporaryCourse.with(["foundations/real.md": TemporaryCourse.lesson(id: "real", body: "# Real\n")]) { course in
            let outside = course.scratch("secret.md")
            try TemporaryCourse.lesson(id: "secret", order: 2, body: "# Secret\n").write(to: outside)
            try FileManager.default.createSymbolicLink(atPath: course.path + "/foundations/link.md", withDestinationPath: outside.path)
            let lint = try run(["lint"], in: course)
            #expect(lint.status == 0)
            #expect(lint.stdout.contains("foundations/link.md:1:1: warning: skipped link.md: it is a symbolic link to"))
            #expect(lint.stdout.contains("outside the course folder"))
            #expect(!(try run(["list"], in: course).stdout.contains("Secret")))
        }
    }

    @Test func aPathTraversalIDIsRejectedAndNothingIsWrittenOutside() throws {
        let lesson = TemporaryCourse.lesson(id: "../../etc/passwd", body: "# Passwd\n")
        try TemporaryCourse.with(["foundations/evil.md": lesson]) { course in
            let lint = try run(["lint"], in: course)
            #expect(lint.status == 1)
            #expect(lint.stdout.contains("foundations/evil.md:2:5: error: lesson id `../../etc/passwd` is not a slug"))
            #expect(lint.stdout.contains("like `etc-passwd`"))
            let before = try listing(course.root)
            let build = try run(["build", "--out", course.scratch("site").path], in: course)
            #expect(build.status == 1)
            #expect(try listing(course.root) == before)
        }
    }

    @Test func scriptsAndTerminalEscapesInTitlesAreShownAsText() throws {
        let lesson = TemporaryCourse.lesson(id: "xss", title: "\"<script>alert(1)</script> \\e[2J\\e]0;owned\\a\"",
                                            body: "# Body\n\nText \u{1B}[31mred\u{1B}[0m and <script>alert(2)</script>.\n")
        try TemporaryCourse.with(["foundations/xss.md": lesson]) { course in
            for arguments in [["list"], ["read", "xss", "--no-pager"], ["lint"]] {
                let result = try runCachebook(arguments + ["--course", course.path], environment: ["NO_COLOR": "1"])
                #expect(!result.stdout.contains("\u{1B}") && !result.stderr.contains("\u{1B}") && !result.stdout.contains("\u{07}"),
                        "escape sequence reached the terminal from \(arguments[0])")
            }
            let site = course.scratch("site")
            #expect(try run(["build", "--out", site.path, "--quiet"], in: course).status == 0)
            for file in try listing(site) where file.hasSuffix(".html") || file.hasSuffix(".js") {
                let text = try String(contentsOf: site.appendingPathComponent(file), encoding: .utf8)
                #expect(!text.contains("<script>alert"), "\(file)")
            }
        }
    }

    @Test func javascriptLinksAreDropped() throws {
        let body = "# Links\n\n[inline](javascript:alert(1)) [spaced]( JaVaScRiPt:alert(2)) <javascript:alert(3)>\n\n[ref]: javascript:alert(4)\n\n[use][ref]\n"
        try TemporaryCourse.with(["foundations/links.md": TemporaryCourse.lesson(id: "links", body: body)]) { course in
            let site = course.scratch("site")
            #expect(try run(["build", "--out", site.path, "--quiet"], in: course).status == 0)
            let page = try String(contentsOf: site.appendingPathComponent("lessons/links.html"), encoding: .utf8)
            // The link text stays; no attribute may hold the URL (an autolink's text may show it).
            #expect(page.contains("inline") && page.contains("spaced") && page.contains("use"))
            #expect(page.range(of: #"(href|src)\s*=\s*["']?\s*javascript:"#, options: [.regularExpression, .caseInsensitive]) == nil)
            #expect(!page.lowercased().contains("alert(1)") && !page.lowercased().contains("alert(4)"))
        }
    }

    @Test func aTraceTruncatedMidRecordNamesTheRecord() throws {
        var data = Data()
        for index in 0..<3 {
            var time = UInt32(index), id = UInt64(index % 2), size = UInt32(100), next = Int64(-1)
            withUnsafeBytes(of: &time) { data.append(contentsOf: $0) }
            withUnsafeBytes(of: &id) { data.append(contentsOf: $0) }
            withUnsafeBytes(of: &size) { data.append(contentsOf: $0) }
            withUnsafeBytes(of: &next) { data.append(contentsOf: $0) }
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cachebook-trace-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let trace = directory.appendingPathComponent("cut.oracleGeneral")
        try data.prefix(data.count - 7).write(to: trace)
        let result = try runCachebook(["lab", "--trace", trace.path, "--format", "oracle-general", "--policies", "lru", "--sizes", "2"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cut.oracleGeneral: record 3: the file ends 17 bytes into this record (a record is 24 bytes; the file has 65)"))
    }
}

/// Every file and folder under `root`, relative to it and sorted.
func listing(_ root: URL) throws -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
    return (enumerator.allObjects as? [String] ?? []).sorted()
}
