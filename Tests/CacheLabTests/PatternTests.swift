import Foundation
import Testing
@testable import CacheLab

@Suite("Write-through never serves stale data")
struct WriteThroughTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func seededInterleavedTrafficHasNoStaleRead(seed: UInt64) throws {
        let simulation = try makeSimulation(.writeThrough) { $0.cache.capacity = 3; $0.seed = seed }
        var generator = SeededGenerator(seed: seed)
        let clients = ["alice", "bob", "carol"]
        var reads = 0
        for round in 0..<150 {
            let group = (0..<3).map { index -> ClientOperation in
                let key = "k\(generator.nextInt(below: 6))"
                let offset = VirtualTime.milliseconds(Int64(generator.nextInt(below: 12)))
                let kind: ClientOperation.Kind = generator.nextInt(below: 3) == 0 ? .put(key, "r\(round)c\(index)") : .get(key)
                return ClientOperation(client: clients[index], kind, startOffset: offset)
            }
            for result in try simulation.overlap(group) where result.operation.isRead {
                reads += 1
                #expect(!result.isStale, "\(result)")
            }
            simulation.expectInvariants()
        }
        #expect(reads > 200)
        #expect(simulation.statistics.staleReads == 0)
    }

    @Test func aWriteCostsTheStoreAndTheCacheAndAFailedOneChangesNothing() throws {
        let simulation = try makeSimulation(.writeThrough) { $0.store.faults = [.failNextWrites(1)] }
        let failed = try simulation.put("k", "v1", by: "alice")
        #expect(failed.outcome == .error)
        #expect(failed.error == "injected write failure")
        #expect(simulation.snapshot().entries.isEmpty)
        let written = try simulation.put("k", "v2", by: "alice")
        #expect(written.outcome == .ok)
        #expect(written.latency == .milliseconds(6))
        #expect(try simulation.storedValue("k") == "v2")
        #expect(try simulation.get("k", by: "bob").outcome == .hit)
    }
}

@Suite("Write-back: coalescing, flushing, crashes, retries and the queue bound")
struct WriteBackTests {
    @Test func writesAreAcknowledgedFromTheCacheAndReachTheStoreLater() throws {
        let simulation = try makeSimulation(writeBack(batch: 10, delay: .seconds(1)))
        let put = try simulation.put("k", "v1", by: "alice")
        #expect(put.latency == .milliseconds(1))
        #expect(try simulation.storedValue("k") == nil)
        // A reader going straight to the store sees the old row and is flagged.
        let direct = try simulation.readStore("k", by: "bob")
        #expect(direct.isStale && direct.outcome == .stale)
        #expect(simulation.statistics.writeBack.dirtyKeys == 1)
        try simulation.advance(by: .milliseconds(500))
        #expect(simulation.statistics.writeBack.oldestDirtyAge == .milliseconds(511))
        try simulation.advance(by: .seconds(1))
        #expect(try simulation.storedValue("k") == "v1")
        #expect(simulation.snapshot().entry("k")?.dirty == false)
        #expect(simulation.statistics.staleReads == 1)
    }

    @Test(arguments: [true, false])
    func coalescingTurnsNWritesOfOneKeyIntoOne(coalescing: Bool) throws {
        let simulation = try makeSimulation(writeBack(coalescing: coalescing))
        for n in 1...10 { try simulation.put("k", "v\(n)", by: "alice") }
        #expect(try simulation.flush() == (coalescing ? 1 : 10))
        #expect(simulation.statistics.store.writes == (coalescing ? 1 : 10))
        #expect(simulation.statistics.writeBack.writesSaved == (coalescing ? 9 : 0))
        #expect(try simulation.storedValue("k") == "v10")
    }

    @Test func aFullBatchFlushesAtOnce() throws {
        let simulation = try makeSimulation(writeBack(batch: 3, delay: .seconds(60)))
        for key in ["a", "b"] { try simulation.put(key, "1", by: "alice") }
        try simulation.advance(by: .milliseconds(20))
        #expect(simulation.statistics.store.writes == 0)
        try simulation.put("c", "1", by: "alice")
        try simulation.advance(by: .milliseconds(5))
        #expect(simulation.statistics.store.writes == 3)
    }

    @Test func aCrashLosesExactlyTheDirtyUpdates() throws {
        let simulation = try makeSimulation(writeBack(batch: 100, delay: .seconds(5)))
        try simulation.put("a", "1", by: "alice")
        try simulation.advance(by: .seconds(6))  // a is flushed
        for (key, value) in [("a", "2"), ("b", "1"), ("a", "3"), ("c", "1"), ("b", "2")] {
            try simulation.put(key, value, by: "alice")
        }
        let dirtyUpdates = simulation.snapshot().pendingWrites.reduce(0) { $0 + $1.updates }
        #expect(dirtyUpdates == 5)
        let report = simulation.crash()
        #expect(report.lostUpdates == dirtyUpdates)
        #expect(report.lostKeys == ["a", "b", "c"])
        #expect(simulation.value(of: .lostWrites) == 5)
        #expect(try simulation.storedValue("a") == "1")
        #expect(try simulation.storedValue("b") == nil)
        #expect(simulation.events.filter { $0.action == .lost }.map { $0.key } == ["a", "b", "c"])
        #expect(try simulation.get("a", by: "bob").outcome == .error)
        try simulation.restart()
        let after = try simulation.get("a", by: "bob")
        #expect(after.outcome == .stale && after.value == "1")
    }

    @Test func evictingADirtyEntryWritesItFirst() throws {
        let simulation = try makeSimulation(writeBack(batch: 100, delay: .seconds(60))) { $0.cache.capacity = 2 }
        try simulation.put("a", "1", by: "alice")
        try simulation.put("b", "1", by: "alice")
        let start = simulation.eventCount
        let put = try simulation.put("c", "1", by: "alice")
        // c's put waited for a's store write: the cache latency plus the write latency.
        #expect(put.latency == .milliseconds(6))
        #expect(try simulation.storedValue("a") == "1")
        let steps = simulation.events(since: start).map { "\($0.actor) \($0.action.rawValue) \($0.key ?? "")" }
        let eviction = try #require(steps.firstIndex(of: "cache evict a"))
        let write = try #require(steps.firstIndex(of: "write-queue write a"))
        #expect(eviction < write)
        #expect(simulation.statistics.writeBack.dirtyKeys == 2)
        // A read of a comes from the store, not stale.
        #expect(try simulation.get("a", by: "bob").isStale == false)
        simulation.expectInvariants()
    }

    @Test func aReadOfAnEvictedKeyWithQueuedWritesServesTheQueuedValue() throws {
        let simulation = try makeSimulation(writeBack(batch: 100, delay: .seconds(60))) { $0.cache.capacity = 1 }
        try simulation.put("a", "1", by: "alice")
        try simulation.delete("a", by: "alice")
        try simulation.put("b", "1", by: "alice")
        let read = try simulation.get("a", by: "bob")
        #expect(read.value == nil && !read.isStale)
    }

    @Test func failedFlushesAreRetriedWithBackoff() throws {
        let simulation = try makeSimulation(writeBack(batch: 1, onFailure: .retry(backoff: .milliseconds(100), maxBackoff: .seconds(1)))) {
            $0.store.faults = [.failNextWrites(2)]
        }
        try simulation.put("k", "v", by: "alice")
        try simulation.advance(by: .seconds(1))
        #expect(try simulation.storedValue("k") == "v")
        let stats = simulation.statistics
        #expect(stats.store.failedWrites == 2)
        #expect(stats.writeBack.retries == 2)
        #expect(stats.writeBack.dropped == 0)
        let retries = simulation.events.filter { $0.action == .retry }.map(\.detail)
        #expect(retries == ["attempt 1 failed; next try in 100ms", "attempt 2 failed; next try in 200ms"])
    }

    @Test func failedFlushesAreDroppedAndCountedWhenConfigured() throws {
        let simulation = try makeSimulation(writeBack(batch: 1, onFailure: .drop)) { $0.store.faults = [.failNextWrites(1)] }
        try simulation.put("k", "v", by: "alice")
        try simulation.advance(by: .seconds(1))
        #expect(try simulation.storedValue("k") == nil)
        #expect(simulation.statistics.writeBack.dropped == 1)
        #expect(simulation.statistics.writeBack.retries == 0)
        #expect(simulation.snapshot().entry("k")?.dirty == false)
    }

    @Test func anOutageDelaysTheFlushUntilTheStoreIsBack() throws {
        let simulation = try makeSimulation(writeBack(batch: 1)) {
            $0.store.faults = [.down(from: .zero, until: .milliseconds(700))]
        }
        try simulation.put("k", "v", by: "alice")
        try simulation.flush()
        #expect(try simulation.storedValue("k") == "v")
        #expect(simulation.now >= .milliseconds(700))
        #expect(simulation.statistics.writeBack.retries >= 3)
    }

    @Test func aFullQueueBlocksOrFailsWriters() throws {
        let failing = try makeSimulation(writeBack(batch: 10, queueLimit: 2, whenFull: .fail))
        try failing.put("a", "1", by: "alice")
        try failing.put("b", "1", by: "alice")
        let refused = try failing.put("c", "1", by: "alice")
        #expect(refused.outcome == .error)
        #expect(failing.snapshot().entry("c") == nil)
        #expect(try failing.put("a", "2", by: "alice").outcome == .ok)  // coalesces, needs no room

        let blocking = try makeSimulation(writeBack(batch: 10, queueLimit: 2, whenFull: .block))
        try blocking.put("a", "1", by: "alice")
        try blocking.put("b", "1", by: "alice")
        let waited = try blocking.put("c", "1", by: "alice")
        #expect(waited.outcome == .ok)
        // It waited for a flush of a and b (5ms) before its own cache update (1ms).
        #expect(waited.latency == .milliseconds(6))
        #expect(try blocking.storedValue("a") == "1")
    }

    @Test func shutdownFlushesEverything() throws {
        let simulation = try makeSimulation(writeBack())
        for key in ["a", "b", "c"] { try simulation.put(key, "1", by: "alice") }
        try simulation.shutdown()
        #expect(try simulation.storeRows().map(\.key) == ["a", "b", "c"])
        #expect(simulation.statistics.writeBack.lostUpdates == 0)
    }
}

@Suite("Cache-aside and read-through under concurrent clients")
struct ConcurrencyTests {
    @Test func theCacheAsideRaceFillsAStaleValueAfterTheInvalidation() throws {
        let simulation = try makeSimulation(.cacheAside(onWrite: .invalidate))
        try simulation.preload([("k", "v1")])
        // bob misses and starts reading the store at 1ms (sees v1, done at 11ms); alice's write
        // lands at 7ms and invalidates at 7ms; bob then fills v1 at 11ms, after the invalidation.
        let results = try simulation.overlap([
            ClientOperation(client: "bob", .get("k")),
            ClientOperation(client: "alice", .put("k", "v2"), startOffset: .milliseconds(2)),
        ])
        #expect(results[0].value == "v1" && !results[0].isStale)
        #expect(results[1].outcome == .ok)
        let later = try simulation.get("k", by: "carol")
        #expect(later.outcome == .stale)
        #expect(later.value == "v1")
        #expect(simulation.value(of: .staleReads) == 1)
        #expect(try simulation.storedValue("k") == "v2")
    }

    @Test func withoutOverlapCacheAsideIsNotStale() throws {
        let simulation = try makeSimulation(.cacheAside(onWrite: .invalidate))
        try simulation.preload([("k", "v1")])
        try simulation.get("k", by: "bob")
        try simulation.put("k", "v2", by: "alice")
        #expect(try simulation.get("k", by: "carol").value == "v2")
        #expect(simulation.statistics.staleReads == 0)
    }

    @Test(arguments: [true, false])
    func singleFlightMakesOneStoreReadForConcurrentMisses(singleFlight: Bool) throws {
        let simulation = try makeSimulation(.readThrough) {
            $0.loader.singleFlight = singleFlight
            $0.clients = []
        }
        try simulation.preload([("k", "v")])
        let results = try simulation.overlap((0..<5).map { ClientOperation(client: "c\($0)", .get("k")) })
        #expect(results.allSatisfy { $0.value == "v" && $0.outcome == .miss })
        #expect(simulation.statistics.store.reads == (singleFlight ? 1 : 5))
        #expect(simulation.statistics.cache.misses == 5)
    }

    @Test func negativeCachingSkipsTheStoreForAbsentKeys() throws {
        let simulation = try makeSimulation(.readThrough) { $0.loader.negativeTTL = .seconds(5) }
        #expect(try simulation.get("missing", by: "alice").outcome == .miss)
        let second = try simulation.get("missing", by: "alice")
        #expect(second.outcome == .negative && second.value == nil)
        #expect(simulation.statistics.store.reads == 1)
        try simulation.advance(by: .seconds(6))
        #expect(try simulation.get("missing", by: "alice").outcome == .miss)
        #expect(simulation.statistics.store.reads == 2)
    }

    @Test func oneClientsOperationsRunInOrder() throws {
        let simulation = try makeSimulation(.writeThrough)
        let results = try simulation.overlap([
            ClientOperation(client: "alice", .put("k", "1")),
            ClientOperation(client: "alice", .get("k")),
        ])
        #expect(results[1].start == results[0].end)
        #expect(results[1].value == "1")
    }

    @Test func unknownClientsAreRefused() throws {
        let simulation = try makeSimulation(.writeThrough)
        #expect(throws: ScenarioError.unknownClient("dave", known: ["alice", "bob", "carol"])) {
            try simulation.get("k", by: "dave")
        }
    }
}
