@testable import CachebookNotebook
import CacheLab
import CachebookCourse
import CachebookMarkdown
import CachebookText
import Foundation
import Testing

// MARK: - Helpers

/// Parses and runs `source`, which must parse.
private func run(_ source: String, showsChanges: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) throws -> ScenarioRun {
    do {
        return ScenarioRunner(showsChanges: showsChanges).run(try ScenarioParser.parse(source))
    } catch {
        Issue.record("\(error) (hint: \(error.hint))", sourceLocation: sourceLocation)
        throw error
    }
}

/// The transcript lines of `source`, which must parse and run to the end.
private func transcript(_ source: String, width: Int = 80, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
    let result = try run(source, sourceLocation: sourceLocation)
    #expect(result.failure == nil, "\(result.failure.map(\.message) ?? "")", sourceLocation: sourceLocation)
    return ScenarioTranscript(width: width).lines(result)
}

/// Expects no line of `lines` to be wider than `width` columns.
private func expectFits(_ lines: [String], width: Int, sourceLocation: SourceLocation = #_sourceLocation) {
    for line in lines where DisplayWidth.of(line) > width {
        Issue.record("\(DisplayWidth.of(line)) columns, over \(width): “\(line)”", sourceLocation: sourceLocation)
    }
}

/// The cells of an event-log line at width 80, where columns are at least two spaces apart:
/// `["0", "alice", "get", "user:1", "miss", "Alice", "6ms"]`. Tests read rows this way so that
/// they check what the log says, not how wide its columns are.
private func cells(_ line: String) -> [String] {
    line.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

/// The cells of every operation row of `lines`: not the header, notes or other sections.
private func operationRows(_ lines: [String]) -> [[String]] {
    lines.filter { $0 != EventLog.header(layout: .init(width: 80)) }.map(cells).filter { $0.count == 7 }
}

/// A runnable block holding `source`, whose opening fence is at line 10, column `column`.
private func block(_ source: String, info: String = "cachelab id=demo", column: Int = 1) -> RunnableBlock {
    let info = InfoString(info)
    return RunnableBlock(id: info.attributes["id"], title: info.attributes["title"], info: info, source: source,
                         range: SourceRange(start: SourcePosition(line: 10, column: column), end: SourcePosition(line: 30, column: column + 2)),
                         expectedOutput: nil)
}

/// A scenario that uses most of the language: clients, overlap, jitter, TTLs, a trace, states,
/// warming, a workload, statistics, a comparison, a crash and a restart.
private let tour = """
    clients alice bob
    cache capacity=3 policy=lru ttl=30s
    store read=20ms write=1ms jitter=2ms
    pattern cache-aside
    seed 7
    db user:1=Alice user:2=Bob user:3=Carol
    together
      alice get user:1
      +1ms bob put user:1 Bob
    end
    alice get user:1
    bob get user:2
    alice get user:3
    bob get user:4
    trace
    advance 1m
    state
    warm user:1 user:2
    state
    workload zipf keys=50 requests=500 writes=0.2 client=bob
    stats
    compare policies=lru,sieve,belady sizes=5,50 zipf keys=100 requests=2000
    crash
    restart
    get user:2
    shutdown
    """

/// The same kind of tour for write-back, with seeded random write failures and retries.
private let writeBackTour = """
    clients alice bob
    cache capacity=2 policy=lfu
    pattern write-back batch=3 flush=2s on-failure=retry retry-delay=10ms max-retry-delay=80ms
    fault fail-writes chance=0.3
    seed 11
    put a 1
    bob put b 2
    put a 3
    state
    put c 4
    advance 3s
    state
    together
      alice get a
      bob get c
      +1ms alice put d 5
    end
    trace
    flush
    stats
    crash
    """

/// The write-back tour without its random write failures, whose notes are too long for 80
/// columns (see ``ScenarioTranscriptKnownIssueTests``).
private let reliableWriteBackTour = writeBackTour.replacingOccurrences(of: "fault fail-writes chance=0.3\n", with: "")

// MARK: - Transcripts

@Suite("A scenario's transcript is deterministic and fits its width")
struct ScenarioTranscriptShapeTests {
    @Test(arguments: [tour, writeBackTour])
    func runningTwiceGivesTheSameText(source: String) throws {
        let first = ScenarioTranscript().text(try run(source))
        let second = ScenarioTranscript().text(try run(source))
        #expect(!first.isEmpty)
        #expect(first == second)
        let firstNarrow = ScenarioTranscript(width: 60).text(try run(source))
        #expect(firstNarrow == ScenarioTranscript(width: 60).text(try run(source)))
    }

    @Test(arguments: [tour, reliableWriteBackTour])
    func noLineIsWiderThan80Columns(source: String) throws {
        let lines = try transcript(source)
        #expect(lines.count > 40)
        expectFits(lines, width: 80)
    }

    @Test(arguments: [tour, writeBackTour])
    func linesHaveNoTrailingSpacesAndTheTextEndsWithANewline(source: String) throws {
        let result = try run(source)
        for line in ScenarioTranscript().lines(result) {
            #expect(!line.hasSuffix(" "), "“\(line)”")
        }
        let text = ScenarioTranscript().text(result)
        #expect(text.hasSuffix("\n") && !text.hasSuffix("\n\n"))
    }

    /// Traces, comparisons and notices are drawn for the width they are given.
    @Test(arguments: [60, 40])
    func widthAwareSectionsFitNarrowWidths(width: Int) throws {
        let lines = try transcript("""
            clients alice bob
            db user:1=Alice user:2=Bob user:3=Carol user:4=Dave
            warm user:1 user:2 user:3 user:4
            trace
            warm top=3 zipf keys=40 requests=100
            workload uniform keys=40 requests=300 writes=0.3 client=bob
            compare policies=lru,belady,arc,s3-fifo sizes=5,10,20,40,80 zipf keys=40 requests=500
            advance 90s
            """, width: width)
        #expect(lines.contains { $0.hasPrefix("hit ratio, cache size 80:") })
        expectFits(lines, width: width)
    }

    @Test func theEventLogAndStatsFitWidth60() throws {
        let lines = try transcript("pattern write-back\nput a 1\nget a\nstats", width: 60)
        #expect(lines.contains { $0.hasPrefix("stats at") })
        expectFits(lines, width: 60)
    }

    @Test func stateHeadingsWrapAtWidth40() throws {
        let lines = try transcript("db user:1=Alice user:2=Bob\nwarm user:1 user:2\nstate", width: 40)
        let heading = try #require(lines.firstIndex(of: "cache at t=10ms: 2 entries, next victim"))
        #expect(lines[heading + 1] == "  first")
        expectFits(lines, width: 40)
    }

    @Test(arguments: [80, 60])
    func theEventLogHeaderLinesUpWithItsRows(width: Int) throws {
        let lines = try transcript("db user:1=Alice\nget user:1", width: width)
        let header = lines[0], row = lines[1]
        func column(_ text: String, in line: String) -> Int? {
            line.range(of: text).map { line.distance(from: line.startIndex, to: $0.lowerBound) }
        }
        #expect(column("client", in: header) == column("app", in: row))
        #expect(column("key", in: header) == column("user:1", in: row))
        #expect(column("result", in: header) == column("miss", in: row))
        #expect(column("value", in: header) == column("Alice", in: row))
        #expect(header.count == row.count, "latency is right-aligned like the rows'")
    }

    @Test func anEmptyScenarioHasAnEmptyTranscript() throws {
        #expect(ScenarioTranscript().text(try run("# nothing\n")) == "")
        #expect(ScenarioTranscript().text(try run("cache capacity=5\ndb a=1")) == "")
    }

    @Test func noticesStayWithTheEventLog() throws {
        let lines = try transcript("db a=1\nget a\nadvance 5s\nget a\nflush\nrestart\nshutdown\nstats")
        #expect(lines[0] == EventLog.header(layout: .init(width: 80)))
        #expect(cells(lines[1]) == ["0", "app", "get", "a", "miss", "1", "6ms"])
        #expect(lines[2] == "… 5s later, t=5.006s")
        #expect(cells(lines[3]) == ["5.006s", "app", "get", "a", "hit", "1", "500us"])
        #expect(Array(lines[4...7]) == [
            "flush at t=5.0065s: 0 writes to the store",
            "restart at t=5.0065s: the cache is back, empty.",
            "shutdown at t=5.0065s: queued writes flushed, the cache stopped.",
            "",
        ])
        #expect(lines[8] == "stats at t=5.0065s · cache-aside · lru, capacity 100")
    }

    @Test func blocksStandApartWithOneBlankLine() throws {
        let lines = try transcript("get a\nstats\nget b\nstate")
        #expect(lines.filter { $0 == EventLog.header(layout: .init(width: 80)) }.count == 2, "a new log starts after the stats block")
        #expect(!zip(lines, lines.dropFirst()).contains { $0.isEmpty && $1.isEmpty })
        #expect(lines.first?.isEmpty == false && lines.last?.isEmpty == false)
    }
}

// MARK: - Stories

@Suite("The runner reproduces the classic caching stories")
struct ScenarioStoryTests {
    @Test func theCacheAsideRaceLeavesAStaleEntry() throws {
        let result = try run("""
            clients alice bob
            store read=20ms write=1ms
            db user:1=Alice
            together
              alice get user:1
              +1ms bob put user:1 Bob
            end
            alice get user:1
            """)
        let lines = ScenarioTranscript().lines(result)
        #expect(lines.count == 5)
        #expect(lines.first == EventLog.header(layout: .init(width: 80)))
        #expect(operationRows(lines) == [
            ["0", "alice", "get", "user:1", "miss", "Alice", "21ms"],
            ["1ms", "bob", "put", "user:1", "ok", "Bob", "1.5ms"],
            ["21ms", "alice", "get", "user:1", "stale", "Alice", "500us"],
        ])
        #expect(lines.last == "          ! stale: latest is \"Bob\"")
        #expect(try result.metric("stale-reads") == 1)
        #expect(try result.metric("db-reads") == 1)
    }

    @Test func withoutTheRaceNothingIsStale() throws {
        let lines = try transcript("clients alice bob\ndb user:1=Alice\nalice get user:1\nbob put user:1 Bob\nalice get user:1")
        #expect(!lines.contains { $0.contains("stale") })
    }

    @Test func singleFlightSharesOneLoad() throws {
        let source = """
            clients alice bob
            pattern read-through
            db user:1=Alice
            together
              alice get user:1
              bob get user:1
            end
            """
        let result = try run(source)
        #expect(try result.metric("db-reads") == 1)
        let lines = ScenarioTranscript().lines(result)
        #expect(operationRows(lines) == [
            ["0", "alice", "get", "user:1", "miss", "Alice", "5.5ms"],
            ["0", "bob", "get", "user:1", "miss", "Alice", "5.5ms"],
        ])
        #expect(lines.last == "   500us  · bob waits for the load of user:1 already in flight")
        let withoutSingleFlight = try run(source.replacingOccurrences(of: "read-through", with: "read-through single-flight=off"))
        #expect(try withoutSingleFlight.metric("db-reads") == 2)
        #expect(!ScenarioTranscript().text(withoutSingleFlight).contains("waits for the load"))
    }

    @Test func aWriteBackCrashLosesTheQueuedUpdates() throws {
        let result = try run("""
            pattern write-back batch=10 flush=5s
            put a 1
            put a 2
            put b 3
            crash
            restart
            get a
            """)
        let lines = ScenarioTranscript().lines(result)
        let crash = try #require(lines.firstIndex { $0.hasPrefix("CRASH at t=1.5ms") })
        #expect(Array(lines[crash...].prefix(3)) == [
            "CRASH at t=1.5ms: the cache and its write queue are gone.",
            "  lost 3 acknowledged updates to 2 keys the store never saw: a, b",
            "  2 cached entries vanished with it.",
        ])
        #expect(lines.contains("restart at t=1.5ms: the cache is back, empty."))
        #expect(lines.contains { $0.hasSuffix("500us  · a merged into the write already queued") })
        #expect(try result.metric("lost-writes") == 3)
        #expect(try result.metric("lost-keys") == 2)
        #expect(try result.metric("db-writes") == 0)
        // After the restart the store still has nothing: the read is stale.
        #expect(operationRows(lines).last == ["1.5ms", "app", "get", "a", "stale", "(not found)", "5.5ms"])
        #expect(lines.last == "          ! stale: latest is \"2\"")
    }

    @Test func aCrashAfterAFlushLosesNothing() throws {
        let result = try run("pattern write-back\nput a 1\nflush\ncrash")
        let lines = ScenarioTranscript().lines(result)
        #expect(lines.contains("flush at t=10.5ms: 1 write to the store"))
        #expect(lines.contains("  no acknowledged write was lost: the store already had every one"))
        #expect(try result.metric("lost-writes") == 0)
        #expect(try result.metric("db-writes") == 1)
    }

    @Test func readDbShowsTheStoreBehindAWriteBackCache() throws {
        let result = try run("pattern write-back\nput a 1\nread-db a\nflush\nread-db a")
        #expect(operationRows(ScenarioTranscript().lines(result)) == [
            ["0", "app", "put", "a", "ok", "1", "500us"],
            ["500us", "app", "read-db", "a", "stale", "(not found)", "5ms"],
            ["15.5ms", "app", "read-db", "a", "ok", "1", "5ms"],
        ])
        // Looking behind the cache is not application traffic.
        #expect(try result.metric("reads") == 0)
        #expect(try result.metric("stale-reads") == 1)
    }

    @Test func anOutageFailsReadsUntilTheStoreIsBack() throws {
        let result = try run("fault down from=10ms to=20ms\nadvance 12ms\nget a\nadvance 20ms\nget a")
        let lines = ScenarioTranscript().lines(result)
        #expect(operationRows(lines) == [
            ["12ms", "app", "get", "a", "error", "-", "5.5ms"],
            ["37.5ms", "app", "get", "a", "miss", "(not found)", "5.5ms"],
        ])
        #expect(lines.contains("          ! the store is unavailable"))
        #expect(try result.metric("errors") == 1)
        #expect(try result.metric("failed-reads") == 1)
    }

    @Test func droppedWritesAreCounted() throws {
        let result = try run("pattern write-back batch=1 on-failure=drop\nfault fail-writes next=1\nput a 1\nadvance 1s\nstats")
        let lines = ScenarioTranscript().lines(result)
        #expect(lines.contains("       0  · store refused a = 1: injected write failure"))
        #expect(lines.contains("    10ms  · dropped the write of a (1 update dropped)"))
        #expect(try result.metric("dropped-writes") == 1)
        #expect(try result.metric("failed-writes") == 1)
    }

    @Test func aCachedNotFoundIsAHitWithoutAStoreRead() throws {
        let result = try run("pattern read-through negative-ttl=5s\nget nope\nget nope\nadvance 6s\nget nope")
        #expect(operationRows(ScenarioTranscript().lines(result)) == [
            ["0", "app", "get", "nope", "miss", "(not found)", "5.5ms"],
            ["5.5ms", "app", "get", "nope", "hit", "(not found)", "500us"],
            ["6.006s", "app", "get", "nope", "miss", "(not found)", "5.5ms"],
        ])
        #expect(try result.metric("db-reads") == 2)
        #expect(try result.metric("hits") == 1)
    }

    @Test func evictionsAppearAsNotes() throws {
        let lines = try transcript("cache capacity=1\ndb a=1 b=2\nget a\nget b")
        #expect(lines.contains { $0.hasSuffix("· evicted a") })
    }

    @Test func workloadsAndWarmUpsReportTheirTotals() throws {
        let result = try run("warm top=5 zipf keys=50\nworkload zipf keys=50 requests=200 writes=0.1\nworkload scan requests=20\nstats")
        let text = ScenarioTranscript().text(result)
        #expect(text.hasPrefix("warmed the 5 most requested keys of zipf alpha=1.0 keys=50 requests=500 seed=1\n  at t=25ms\n"))
        #expect(text.contains("workload zipf alpha=1.0 keys=50 requests=200 writes=0.1 seed=1 by app: 200\n  requests (176 reads, 24 writes), 131 hits, 45 misses (hit ratio 74.4%); done\n"))
        #expect(text.contains("workload scan requests=20 seed=1 by app: 20 requests, 18 hits, 2 misses (hit\n  ratio 90.0%)"))
        #expect(try result.metric("reads") + result.metric("writes") == 220)
    }

    @Test func aWorkloadByANamedClient() throws {
        let lines = try transcript("clients alice bob\nworkload uniform keys=10 requests=20 client=bob\ntrace")
        #expect(lines.first?.contains("by bob: 20 requests") == true)
        // A workload is one row of a diagram, not one per request.
        let trace = try #require(lines.firstIndex { $0.hasPrefix("    time  alice") })
        #expect(lines[trace + 1].contains("workload (59.5ms) (uniform keys=10"))
        // Its long label goes on beside the lanes; no other row follows.
        #expect(lines.count > trace + 2)
        #expect(lines[(trace + 2)...].allSatisfy { $0.hasPrefix("          │      │") })
    }

    @Test func statsListTheWriteQueueOnlyForWriteBack() throws {
        let writeBack = try transcript("pattern write-back\nput a 1\nput a 2\nstats")
        #expect(writeBack.contains("  queue    1 dirty key (oldest waiting 1ms), 1 write saved by coalescing"))
        #expect(writeBack.contains("           0 updates lost, 0 retries, 0 dropped"))
        let cacheAside = try transcript("put a 1\nstats")
        #expect(!cacheAside.contains { $0.hasPrefix("  queue") })
        #expect(cacheAside.contains("stats at t=10.5ms · cache-aside · lru, capacity 100"))
        #expect(cacheAside.contains("           writes p50 10.5ms · p95 10.5ms · p99 10.5ms · max 10.5ms"))
        #expect(cacheAside.contains("  latency  reads: none"))
    }
}

@Suite("Traces, states and comparisons")
struct ScenarioObservationTests {
    @Test func aTraceHasALanePerActor() throws {
        let lines = try transcript("clients alice bob\ndb user:1=Alice\nalice get user:1\ntrace")
        let header = try #require(lines.first { $0.hasSuffix("store") })
        #expect(header == "    time  alice  bob    cache  store")
        #expect(lines.contains { $0.contains("read user:1 = Alice (5ms)") })
        #expect(lines.last?.contains("get user:1 → Alice, miss (6ms)") == true)
    }

    @Test func aNarrowLogGivesItsRoomToTheKeysWhenTheValuesAreShort() throws {
        let lines = try transcript("pattern write-through\nput stock:42 7\nget stock:42", width: 60)
        #expect(lines.contains { $0.contains(" put     stock:42 ") && !$0.contains("…") }, "\(lines)")
        expectFits(lines, width: 60)
    }

    @Test func aTraceWithMoreLanesThanFitBecomesAList() throws {
        let clients = (1...12).map { "c\($0)" }
        let lines = try transcript("clients " + clients.joined(separator: " ") + "\npattern write-back\nc1 get a\nc12 put b 2\ntrace")
        let header = try #require(lines.firstIndex { $0.hasSuffix("what happened") })
        #expect(lines[header] == "    time  from → to            what happened")
        #expect(lines.contains("   5.5ms  c12 → cache          set b = 2: dirty (500us)"))
        expectFits(lines, width: 80)
    }

    @Test func aWriteBackTraceHasAWriteQueueLane() throws {
        let lines = try transcript("pattern write-back\nput a 1\ntrace")
        // Lane names never touch: the write queue is `queue`.
        #expect(lines.contains("    time  app    cache  queue  store"))
    }

    @Test func eachTraceShowsOnlyWhatHappenedSinceThePreviousOne() throws {
        let lines = try transcript("get a\ntrace\ntrace\nget b\ntrace")
        #expect(lines.filter { $0 == "(nothing happened)" }.count == 1)
        #expect(lines.filter { $0.contains("lookup a") }.count == 1)
        #expect(lines.filter { $0.contains("lookup b") }.count == 1)
    }

    @Test func theSecondStateListsWhatChanged() throws {
        let lines = try transcript("cache capacity=2\ndb a=1 b=2 c=3\nget a\nget b\nstate\nget c\nstate\nstate")
        #expect(lines.contains("cache at t=12ms: 2 entries, next victim first"))
        let changes = try #require(lines.firstIndex(of: "changes since the last state:"))
        #expect(Array(lines[changes...].prefix(3)) == ["changes since the last state:", "  - a = 1  evicted", "  + c = 3  added"])
        // Nothing happened between the last two.
        #expect(Array(lines.suffix(7).prefix(2)) == ["changes since the last state:", "  nothing"])
    }

    @Test func aKeyThatExpiredAndWasLoadedAgainShowsBoth() throws {
        // Expiry is lazy: the read that finds `a` expired loads it again in the same step.
        let lines = try transcript("cache capacity=2 ttl=1s\npattern write-through\nput a 1\nadvance 2s\nstate\nget a\nstate")
        let changes = try #require(lines.firstIndex(of: "changes since the last state:"))
        #expect(Array(lines[changes...].prefix(3)) == ["changes since the last state:", "  - a = 1  expired", "  + a = 1  added"])
        let block = block("cache capacity=2 ttl=1s\npattern write-through\nput a 1\nadvance 2s\nget a", info: "cachelab show=state-diff")
        #expect(block.execute(lessonPath: "lesson.md").output.contains("  - a = 1  expired\n  + a = 1  added\n"))
    }

    @Test func stateShowsDirtyEntriesAndTheWriteQueue() throws {
        let lines = try transcript("pattern write-back\ncache ttl=1m\nput a 1\nput a 2\nput b 3\nstate")
        let state = try #require(lines.firstIndex { $0.hasPrefix("cache at") })
        #expect(Array(lines[state...]) == [
            "cache at t=1.5ms: 2 entries, next victim first",
            "  key  value  dirty  ttl left",
            "  a    2      yes    59.999s",
            "  b    3      yes    59.9995s",
            "write queue: 2 pending writes, oldest first",
            "  a = 2 (queued at t=0, 2 updates merged)",
            "  b = 3 (queued at t=1ms)",
        ])
    }

    @Test func showStateDiffAddsChangesAfterEveryStep() throws {
        let source = "cache capacity=1\ndb a=1 b=2\nget a\nget b\nstats"
        let withChanges = block(source, info: "cachelab show=state-diff").execute(lessonPath: "lesson.md").output
        #expect(withChanges.contains("changed at t=6ms:\n  + a = 1  added\n"))
        #expect(withChanges.contains("changed at t=12ms:\n  - a = 1  evicted\n  + b = 2  added\n"))
        // `stats` only looks, so it adds no section of its own.
        #expect(withChanges.components(separatedBy: "changed at").count == 3)
        let without = block(source).execute(lessonPath: "lesson.md").output
        #expect(!without.contains("changed at"))
    }

    @Test func compareDrawsATableAndBarsWithBelady() throws {
        let result = try run("compare policies=lru,belady sizes=10,100 zipf keys=1000 requests=2000")
        let lines = ScenarioTranscript().lines(result)
        #expect(Array(lines.prefix(4)) == [
            "compare on zipf alpha=1.0 keys=1000 requests=2000 seed=1",
            "policy     size 10  size 100",
            "lru          21.1%     56.3%",
            "belady       42.8%     71.0%",
        ])
        #expect(lines.contains("hit ratio, cache size 10:"))
        #expect(lines.contains("hit ratio, cache size 100:"))
        let bars = lines.filter { $0.contains("█") }
        #expect(bars.count == 4)
        #expect(bars.allSatisfy { DisplayWidth.of($0) == 80 })
        guard case .comparison(let comparison) = result.sections.last else { Issue.record("no comparison"); return }
        for size in [10, 100] {
            let belady = try #require(comparison.result(policy: .belady, size: size)).hitRatio
            let lru = try #require(comparison.result(policy: .lru, size: size)).hitRatio
            #expect(belady >= lru, "Belady is the optimum")
        }
        #expect(comparison.result(policy: .sieve, size: 10) == nil)
    }

    @Test func compareHeadersStaySeparatedForLargeSizes() throws {
        let lines = try transcript("compare policies=lru sizes=10000,20000 uniform keys=10 requests=100")
        let header = try #require(lines.first { $0.hasPrefix("policy") })
        #expect(header.split(separator: " ") == ["policy", "size", "10000", "size", "20000"])
        expectFits(lines, width: 80)
    }

    @Test func compareWrapsSizesIntoChunksThatFit() throws {
        let lines = try transcript("compare policies=lru,fifo sizes=1,2,3,4,5,6,7,8 loop keys=20 requests=200", width: 60)
        #expect(lines.filter { $0.hasPrefix("policy") }.count == 2)
        expectFits(lines, width: 60)
    }
}

// MARK: - Failures

@Suite("A step that cannot run stops the run at its line")
struct ScenarioFailureTests {
    @Test func workloadsOverTheRequestBudgetAreRefusedBeforeAnythingRuns() throws {
        let workloads = Array(repeating: "workload zipf keys=10 requests=1000000", count: 6)
        let result = try run((["get a"] + workloads).joined(separator: "\n"))
        let failure = try #require(result.failure)
        #expect(failure.line == 7)
        #expect(failure.message == "the scenario makes more than \(ScenarioRunner.maximumRequests) requests in all; lower `requests=`")
        #expect(result.sections.isEmpty)
        #expect(result.simulation == nil)
        #expect(ScenarioTranscript().text(result) == "error: \(failure.message)\n")
        #expect(throws: ScenarioFailure.self) { try result.metric("hits") }
    }

    @Test func comparisonsCountEveryReplayAgainstTheBudget() throws {
        let result = try run("compare policies=lru,lfu sizes=10,20,30 zipf keys=10 requests=1000000")
        #expect(result.failure?.line == 1)
        #expect(result.failure?.message.hasPrefix("the scenario makes more than 5000000 requests") == true)
    }

    @Test func warmUpsCountAgainstTheBudgetToo() throws {
        let lines = Array(repeating: "warm top=1 uniform keys=10 requests=1000000", count: 5) + ["workload uniform keys=10 requests=1"]
        #expect(try run(lines.joined(separator: "\n")).failure?.line == 6)
    }

    @Test func aStepOverTheClockLimitStopsTheRunThere() throws {
        let result = try run("db a=1\nget a\n\nadvance 1000000h\nget b")
        let failure = try #require(result.failure)
        #expect(failure.line == 4)
        #expect(failure.message == "the simulation would reach 3600000000.006s, past the limit of 31536000s")
        let lines = ScenarioTranscript().lines(result)
        #expect(lines.count == 4)
        #expect(lines.first == EventLog.header(layout: .init(width: 80)))
        #expect(operationRows(lines) == [["0", "app", "get", "a", "miss", "1", "6ms"]])
        #expect(Array(lines.suffix(2)) == ["", "error: the simulation would reach 3600000000.006s, past the limit of 31536000s"])
        // What ran still counts.
        #expect(try result.metric("db-reads") == 1)
    }

    @Test func anInvalidWorkloadStopsAtItsLine() throws {
        let result = try run("get a\nworkload hotspot hot-keys=1 requests=10")
        #expect(result.failure?.line == 2)
        #expect(result.failure?.message == "hotspot needs a hot key fraction in (0, 1) and a hot request fraction in [0, 1]")
        let lines = ScenarioTranscript().lines(result)
        #expect(lines.suffix(2).joined(separator: " ").replacingOccurrences(of: "   ", with: " ")
                == "error: hotspot needs a hot key fraction in (0, 1) and a hot request fraction in [0, 1]")
    }

    /// The parser catches what it can; a configuration built in code can still be one the
    /// simulator refuses.
    @Test func aRefusedConfigurationRunsNothing() throws {
        var scenario = try ScenarioParser.parse("get a")
        scenario.configuration.refreshAhead = 2
        let result = ScenarioRunner().run(scenario)
        let message = "refresh-ahead takes a fraction of the TTL between 0 and 1, not 2.0"
        #expect(result.failure?.message == message)
        #expect(result.failure?.line == 1)
        #expect(result.simulation == nil)
        #expect(ScenarioTranscript().text(result) == "error: \(message)\n")
        #expect(throws: ScenarioFailure.self) { try result.metric("hits") }
    }

    @Test func anUnknownMetricIsAnError() throws {
        let result = try run("get a")
        #expect(throws: UnknownMetric.self) { try result.metric("hit-rate") }
        #expect(try result.metric("HIT-RATIO") == 0)
    }
}

// MARK: - Runnable blocks

@Suite("Runnable blocks run their scenario and report at lesson lines")
struct RunnableBlockExecutionTests {
    @Test func theWidthOptionIsClamped() {
        #expect(block("get a").outputWidth == 80)
        #expect(block("get a", info: "cachelab width=60").outputWidth == 60)
        #expect(block("get a", info: "cachelab width=10").outputWidth == 40)
        #expect(block("get a", info: "cachelab width=500").outputWidth == 200)
        #expect(block("get a", info: "cachelab width=wide").outputWidth == 80)
    }

    @Test func theOutputUsesTheBlockWidth() throws {
        let source = "db a=1 b=2 c=3 d=4 e=5 f=6 g=7\nwarm a b c d e f g\ncompare policies=lru,fifo sizes=1,2,3,4,5,6 loop keys=5 requests=50"
        let narrow = block(source, info: "cachelab width=40").execute(lessonPath: "lesson.md")
        #expect(narrow.diagnostic == nil)
        expectFits(narrow.output.split(separator: "\n").map(String.init), width: 40)
        #expect(narrow.output == ScenarioTranscript(width: 40).text(try #require(narrow.run)))
    }

    @Test func aParseErrorIsReportedAtTheLessonLineAndColumn() {
        let execution = block("cache capacity=3\n  gett user:1", column: 3).execute(lessonPath: "Lessons/core/a.md")
        #expect(execution.run == nil)
        #expect(execution.output == "error: unknown command `gett`\n  hint: did you mean `get`?\n")
        #expect(execution.diagnostic == Diagnostic(.error, path: "Lessons/core/a.md", line: 12, column: 5,
                                                   message: "unknown command `gett`", hint: "did you mean `get`?"))
    }

    @Test func aFailedStepIsReportedAtItsLessonLine() throws {
        let execution = block("db a=1\nget a\nadvance 1000000h", info: "cachelab id=clock", column: 4).execute(lessonPath: "lesson.md")
        let diagnostic = try #require(execution.diagnostic)
        #expect(diagnostic.message == "block `clock` stopped: the simulation would reach 3600000000.006s, past the limit of 31536000s")
        #expect(diagnostic.location == FileLocation(path: "lesson.md", line: 13, column: 4))
        #expect(!diagnostic.hint.isEmpty)
        #expect(execution.output.hasSuffix("\n\nerror: the simulation would reach 3600000000.006s, past the limit of 31536000s\n"))
        #expect(execution.run?.failure?.line == 3)
    }

    @Test func blocksAreNamedByIdTitleOrLine() {
        #expect(block("get a", info: "cachelab id=x title=\"T\"").displayName == "block `x`")
        #expect(block("get a", info: "cachelab title=\"Cold start\"").displayName == "block “Cold start”")
        #expect(block("get a", info: "cachelab").displayName == "the block at line 10")
    }

    @Test func sqliteFilesGoToTheDatabaseDirectoryAndStartFreshEachRun() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cachebook-runner-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = "store sqlite file=shop.db\ndb a=1\nget a\nput a 2\nread-db a"
        let first = block(source).execute(lessonPath: "lesson.md", databaseDirectory: directory)
        #expect(first.diagnostic == nil)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("shop.db").path))
        let second = block(source).execute(lessonPath: "lesson.md", databaseDirectory: directory)
        #expect(second.output == first.output)
        #expect(operationRows(first.output.components(separatedBy: "\n")).last == ["16.5ms", "app", "read-db", "a", "ok", "2", "5ms"])
        // Without a directory the database stays in memory, and the story is the same.
        #expect(block(source).execute(lessonPath: "lesson.md").output == first.output)
    }
}

// MARK: - Bugs these tests found, kept fixed

@Suite("Transcripts that once ran past their width stay within it")
struct ScenarioTranscriptRegressionTests {
    @Test func theEventLogFitsTheNarrowestWidth() throws {
        expectFits(try transcript("db a=1\nget a", width: 40), width: 40)
    }

    @Test(arguments: [tour, reliableWriteBackTour])
    func toursFit60Columns(source: String) throws {
        expectFits(try transcript(source, width: 60), width: 60)
    }

    @Test func notesWithLongKeysWrapWithin80Columns() throws {
        let key = String(repeating: "k", count: 70)
        expectFits(try transcript("pattern write-back\nput \(key) 1"), width: 80)
    }

    @Test func writeFailureNotesWrapWithin80Columns() throws {
        let lines = try transcript(writeBackTour)
        #expect(lines.joined(separator: " ").contains("store refused b = 2: evicted while dirty, injected write failure"))
        expectFits(lines, width: 80)
    }
}
