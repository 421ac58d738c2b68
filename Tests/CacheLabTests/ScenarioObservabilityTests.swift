import Foundation
import Testing
@testable import CacheLab

@Suite("Snapshots list the cache in eviction order and diffs say what changed")
struct SnapshotTests {
    @Test func aSnapshotShowsEvictionOrderValuesAndPolicyMetadata() throws {
        let simulation = try makeSimulation(.writeThrough) {
            $0.cache.capacity = 3
            $0.cache.policy = .lfu
            $0.cache.defaultTTL = .seconds(10)
        }
        for key in ["a", "b", "c"] { try simulation.put(key, key.uppercased(), by: "alice") }
        try simulation.get("a", by: "alice")
        try simulation.get("a", by: "alice")
        try simulation.get("c", by: "alice")
        let snapshot = simulation.snapshot()
        #expect(snapshot.entries.map(\.key) == ["b", "c", "a"])
        #expect(snapshot.entries.map(\.metadata) == ["freq=1", "freq=2", "freq=3"])
        #expect(snapshot.entry("a")?.value == "A")
        // b was stored at 11ms (its put started at 6ms; the store write took 5ms); now is 21ms.
        #expect(simulation.now == .milliseconds(21))
        #expect(snapshot.entry("b")?.ttlLeft == .milliseconds(9_990))
        #expect(snapshot.pendingWrites.isEmpty)
    }

    @Test func aDiffSeparatesAddedEvictedExpiredRemovedAndUpdated() throws {
        let simulation = try makeSimulation(.writeThrough) { $0.cache.capacity = 2 }
        try simulation.put("a", "1", ttl: .milliseconds(50), by: "alice")
        try simulation.put("b", "1", by: "alice")
        let before = simulation.snapshot()
        try simulation.advance(by: .milliseconds(100))
        simulation.sweepExpired()                        // a expires
        try simulation.put("b", "2", by: "alice")        // b is updated
        try simulation.put("c", "1", by: "alice")        // c is added
        try simulation.put("d", "1", by: "alice")        // d is added, evicting b
        try simulation.delete("c", by: "alice")          // c is removed
        try simulation.put("e", "1", by: "alice")
        let diff = simulation.diff(from: before, to: simulation.snapshot())
        #expect(diff.expired.map(\.key) == ["a"])
        #expect(diff.evicted.map(\.key) == ["b"])
        #expect(diff.added.map(\.key) == ["d", "e"])
        #expect(diff.updated.isEmpty)
        #expect(simulation.statistics.cache.expirations == 1)
        #expect(simulation.statistics.cache.evictions == 1)
    }

    @Test func aFlushTurnsEntriesClean() throws {
        let simulation = try makeSimulation(writeBack())
        try simulation.put("a", "1", by: "alice")
        try simulation.put("a", "2", by: "alice")
        let before = simulation.snapshot()
        #expect(before.entry("a")?.dirty == true)
        #expect(before.pendingWrites.map(\.updates) == [2])
        try simulation.flush()
        let diff = simulation.diff(from: before, to: simulation.snapshot())
        #expect(diff.turnedClean.map(\.key) == ["a"])
        #expect(diff.writesFlushed == ["a"])
        #expect(diff.added.isEmpty && diff.evicted.isEmpty)
    }

    @Test func expiryIsLazyOnAccessAndCountedApartFromEvictions() throws {
        let simulation = try makeSimulation(.readThrough) { $0.cache.defaultTTL = .milliseconds(100) }
        try simulation.preload([("k", "v")])
        #expect(try simulation.get("k", by: "alice").outcome == .miss)
        #expect(try simulation.get("k", by: "alice").outcome == .hit)
        try simulation.advance(by: .milliseconds(200))
        #expect(simulation.snapshot().entry("k")?.ttlLeft == .zero)
        #expect(try simulation.get("k", by: "alice").outcome == .miss)
        #expect(simulation.statistics.cache.expirations == 1)
        #expect(simulation.statistics.cache.evictions == 0)
    }

    @Test func aByteBudgetEvictsBySize() throws {
        let simulation = try makeSimulation(.writeThrough) {
            $0.cache.capacity = 100
            $0.cache.byteBudget = 10
        }
        try simulation.put("a", "xxxx", by: "alice")
        try simulation.put("b", "xxxx", by: "alice")
        try simulation.put("c", "xxxx", by: "alice")
        #expect(simulation.snapshot().entries.map(\.key) == ["b", "c"])
        #expect(simulation.statistics.cache.bytes == 8)
        simulation.expectInvariants()
    }
}

@Suite("Events record every step for the renderers")
struct EventTests {
    @Test func aMissUnderReadThroughIsLookupLoadFillAndTheGet() throws {
        let simulation = try makeSimulation(.readThrough)
        try simulation.preload([("k", "v")])
        let start = simulation.eventCount
        try simulation.get("k", by: "alice")
        let lines = simulation.events(since: start).map {
            "\($0.time) \($0.actor)->\($0.target.map(String.init(describing:)) ?? "-") \($0.action.rawValue) \($0.key ?? "") \($0.outcome.rawValue) \($0.latency)"
        }
        #expect(lines == [
            "0 alice->cache get k miss 11ms",
            "0 alice->cache lookup k miss 1ms",
            "1ms cache->store load k ok 10ms",
            "11ms cache->- fill k ok 0",
        ])
        #expect(simulation.events(since: start).filter(\.isOperation).count == 1)
    }

    @Test func theSameScenarioRecordsTheSameEventsAndStatistics() throws {
        func run() throws -> ([Event], Statistics, Snapshot) {
            let simulation = try makeSimulation(writeBack(batch: 4, delay: .milliseconds(30))) {
                $0.cache.policy = .random
                $0.cache.capacity = 5
                $0.store.jitter = .milliseconds(3)
                $0.store.faults = [.failWrites(probability: 0.2)]
                $0.seed = 42
            }
            var generator = SeededGenerator(seed: 9)
            for _ in 0..<60 {
                let key = "k\(generator.nextInt(below: 12))"
                _ = try simulation.overlap([
                    ClientOperation(client: "alice", .put(key, "v\(generator.nextInt(below: 100))")),
                    ClientOperation(client: "bob", .get("k\(generator.nextInt(below: 12))"), startOffset: .milliseconds(2)),
                ])
            }
            try simulation.advance(by: .seconds(1))
            return (simulation.events, simulation.statistics, simulation.snapshot())
        }
        let first = try run()
        let second = try run()
        #expect(first.0 == second.0)
        #expect(first.1 == second.1)
        #expect(first.2 == second.2)
        #expect(first.1.store.failedWrites > 0)
    }
}

@Suite("Metrics are read by stable names")
struct MetricTests {
    @Test func everyMetricHasAValueAndNamesAreStable() throws {
        let simulation = try makeSimulation(.readThrough)
        try simulation.preload([("k", "v")])
        try simulation.get("k", by: "alice")
        try simulation.get("k", by: "alice")
        try simulation.get("k", by: "alice")
        try simulation.put("k", "w", by: "bob")
        #expect(try simulation.metric("hit-ratio") == 2.0 / 3.0)
        #expect(try simulation.metric("hits") == 2)
        #expect(try simulation.metric("misses") == 1)
        #expect(try simulation.metric("db-reads") == 1)
        #expect(try simulation.metric("db-writes") == 1)
        #expect(try simulation.metric("p50-read") == 1)
        #expect(try simulation.metric("max-read") == 11)
        #expect(try simulation.metric("p99-write") == 6)
        for metric in Metric.allCases { _ = simulation.value(of: metric) }
        #expect(throws: UnknownMetric.self) { try simulation.metric("hit-rate") }
        #expect(UnknownMetric(name: "x").description.contains("hit-ratio"))
    }

    @Test func statisticsAddUpUnderRandomTraffic() throws {
        for policy in PolicyKind.allCases where !policy.needsFutureKnowledge {
            let simulation = try makeSimulation(.cacheAside(onWrite: .update)) {
                $0.cache.policy = policy
                $0.cache.capacity = 8
            }
            let report = try simulation.runWorkload(
                WorkloadSpec(distribution: .zipf(alpha: 0.8), keys: 40, requests: 600, readFraction: 0.8, seed: 3), by: "alice")
            let stats = simulation.statistics
            #expect(report.reads + report.writes == 600)
            #expect(stats.cache.hits + stats.cache.misses == report.reads)
            #expect(stats.cache.size <= 8 && stats.cache.peakSize <= 8)
            #expect(stats.cache.inserts - stats.cache.evictions - stats.cache.expirations >= stats.cache.size)
            simulation.expectInvariants()
        }
    }
}

@Suite("Scenarios stay bounded")
struct LimitTests {
    @Test func aHugeWorkloadIsRefusedUpFront() throws {
        let simulation = try makeSimulation(.readThrough)
        #expect(throws: ScenarioError.limit(LimitExceeded(kind: .requests, limit: 1_000_000, requested: 1_000_000_000_000))) {
            try simulation.runWorkload(WorkloadSpec(distribution: .uniform, keys: 10, requests: 1_000_000_000_000, seed: 1), by: "alice")
        }
        #expect(simulation.statistics.reads == 0)
    }

    @Test func advancingPastTheTimeLimitIsAnError() throws {
        let simulation = try makeSimulation(.readThrough) { $0.limits.maxVirtualTime = .seconds(60) }
        #expect(throws: ScenarioError.self) { try simulation.advance(by: .seconds(61)) }
    }

    @Test func endlessRetriesHitTheStepLimit() throws {
        let simulation = try makeSimulation(writeBack(batch: 1, onFailure: .retry(backoff: .milliseconds(1), maxBackoff: .milliseconds(1)))) {
            $0.store.faults = [.failWrites(probability: 1)]
            $0.limits.maxSteps = 500
        }
        try simulation.put("k", "v", by: "alice")
        #expect(throws: ScenarioError.limit(LimitExceeded(kind: .steps, limit: 500, requested: 501))) { try simulation.flush() }
    }

    @Test func impossibleConfigurationsAreRejected() {
        #expect(throws: ScenarioError.self) { try makeSimulation(.readThrough) { $0.cache.policy = .belady } }
        #expect(throws: ScenarioError.self) { try makeSimulation(.readThrough) { $0.cache.capacity = 0 } }
        #expect(throws: ScenarioError.self) { try makeSimulation(.readThrough) { $0.refreshAhead = 0.2 } }
        #expect(throws: ScenarioError.self) { try makeSimulation(writeBack(batch: 0)) }
    }
}

@Suite("Refresh-ahead, warming and workloads")
struct BackgroundWorkTests {
    @Test func aHitNearExpiryRefreshesInTheBackground() throws {
        let simulation = try makeSimulation(.readThrough) {
            $0.cache.defaultTTL = .seconds(10)
            $0.refreshAhead = 0.2
        }
        try simulation.preload([("k", "v1")])
        try simulation.get("k", by: "alice")  // loaded at 11ms, expires at 10.011s
        try simulation.preload([("k", "v2")])  // the row changes behind the cache's back
        try simulation.advance(by: .seconds(9))
        let hit = try simulation.get("k", by: "alice")
        #expect(hit.value == "v1" && hit.isStale)
        try simulation.advance(by: .milliseconds(20))
        #expect(simulation.statistics.store.reads == 2)
        #expect(simulation.snapshot().entry("k")?.value == "v2")
        #expect(simulation.events.contains { $0.action == .refresh && $0.key == "k" })
        try simulation.advance(by: .seconds(5))
        #expect(try simulation.get("k", by: "alice").outcome == .hit)
    }

    @Test func warmingLoadsTheTopKeysOfAWorkload() throws {
        let simulation = try makeSimulation(.readThrough) { $0.cache.capacity = 10 }
        try simulation.preload((0..<50).map { ("key:\($0)", "v\($0)") })
        let spec = WorkloadSpec(distribution: .zipf(alpha: 1.2), keys: 50, requests: 2_000, seed: 4)
        try simulation.warm(topKeysOf: spec, count: 5)
        #expect(Set(simulation.snapshot().entries.map(\.key)) == Set((0..<5).map { "key:\($0)" }))
        #expect(simulation.statistics.cache.hits + simulation.statistics.cache.misses == 0)
        #expect(simulation.statistics.store.reads == 5)
        let report = try simulation.runWorkload(spec, by: "alice")
        #expect(report.hits > report.misses)
    }
}

@Suite("The SQLite store keeps real rows in a file")
struct SQLiteStoreTests {
    @Test func writeBackRowsThatMadeItAreInTheFileAfterACrash() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("demo.sqlite").path
        let simulation = try makeSimulation(writeBack(batch: 2)) { $0.store.kind = .sqlite(path: path) }
        try simulation.preload([("user:1", "Alice"), ("user:2", "Bob")])
        try simulation.put("user:1", "Alicia", by: "alice")
        try simulation.put("user:3", "Carol", by: "alice")  // the batch of 2 flushes
        try simulation.advance(by: .milliseconds(10))
        try simulation.put("user:2", "Robert", by: "bob")   // never flushed
        let report = simulation.crash()
        #expect(report.lostKeys == ["user:2"])
        // A separate connection to the file sees exactly what was committed.
        let reader = try SQLiteStore(path: path)
        let rows = try reader.rows()
        #expect(rows.map(\.key) == ["user:1", "user:2", "user:3"])
        #expect(rows.map(\.value) == ["Alicia", "Bob", "Carol"])
    }

    @Test func anInMemoryDatabaseWorksAndDeletesRemoveRows() throws {
        let store = try SQLiteStore(path: ":memory:")
        try store.write("a", "1")
        try store.write("a", "2")
        #expect(try store.read("a") == "2")
        try store.write("a", nil)
        #expect(try store.read("a") == nil)
        #expect(throws: StoreError.self) { try SQLiteStore(path: "/nonexistent-dir/x.sqlite") }
    }
}

@Suite("The event log has one line per client operation")
struct EventLogTests {
    @Test(arguments: [Pattern.writeThrough, .readThrough, .writeAround, .cacheAside(onWrite: .update), writeBack()])
    func everyOperationIsOneLogLine(pattern: Pattern) throws {
        let simulation = try makeSimulation(pattern)
        try simulation.put("k", "1", by: "alice")
        try simulation.get("k", by: "bob")
        try simulation.delete("k", by: "alice")
        try simulation.readStore("k", by: "carol")
        let log = simulation.events.filter(\.isOperation)
        #expect(log.map(\.action) == [.put, .get, .delete, .readStore])
        #expect(log.map(\.actor) == [.client("alice"), .client("bob"), .client("alice"), .client("carol")])
        #expect(simulation.events.count > log.count)
    }
}
