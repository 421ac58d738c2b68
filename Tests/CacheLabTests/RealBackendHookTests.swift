@testable import CacheLab
import Testing

/// Stand-ins for Redis and PostgreSQL with fixed call durations, to check how a simulation
/// drives real servers without needing them.
final class FakeCacheServer: ExternalCache {
    var values: [String: String?] = [:]
    var calls: [String] = []
    var failsFromNowOn = false
    /// Refuses every set, as a Redis out of memory does.
    var isFull = false
    let lastCallDuration = VirtualTime.microseconds(300)

    func get(_ key: String) throws(StoreError) -> String?? {
        try call("get \(key)")
        return values[key]
    }

    func set(_ key: String, _ value: String?) throws(StoreError) -> Bool {
        try call("set \(key)=\(value ?? "nil")")
        guard !isFull else { return false }
        values[key] = .some(value)
        return true
    }

    func delete(_ key: String) throws(StoreError) {
        try call("delete \(key)")
        values[key] = nil
    }

    func clear() throws(StoreError) {
        try call("clear")
        values = [:]
    }

    private func call(_ description: String) throws(StoreError) {
        if failsFromNowOn { throw StoreError("connection lost") }
        calls.append(description)
    }
}

final class FakeTimedStore: TimedStore {
    let backing = MemoryStore()
    let lastCallDuration = VirtualTime.milliseconds(2)

    func read(_ key: String) throws(StoreError) -> String? { backing.read(key) }
    func write(_ key: String, _ value: String?) throws(StoreError) { backing.write(key, value) }
    func rows() throws(StoreError) -> [(key: String, value: String)] { backing.rows() }
}

@Suite("A simulation drives real servers: their answers, their latencies")
struct RealBackendHookTests {
    private func configuration(_ pattern: Pattern) -> ScenarioConfiguration {
        var configuration = ScenarioConfiguration()
        configuration.pattern = pattern
        configuration.cache.capacity = 2
        return configuration
    }

    @Test(arguments: [Pattern.cacheAside(onWrite: .invalidate), .readThrough, .writeThrough, .writeAround])
    func countsMatchTheModelWhenNothingIsEvicted(pattern: Pattern) throws {
        let modelled = try Simulation(configuration(pattern))
        let server = FakeCacheServer()
        let real = try Simulation(configuration(pattern), backends: RealBackends(cache: server, store: FakeTimedStore()))
        for simulation in [modelled, real] {
            try simulation.preload([("a", "1")])
            try simulation.get("a", by: "app")
            try simulation.get("a", by: "app")
            try simulation.put("a", "2", by: "app")
            try simulation.get("a", by: "app")
        }
        let (expected, actual) = (modelled.statistics, real.statistics)
        #expect(actual.cache.hits == expected.cache.hits && actual.cache.misses == expected.cache.misses)
        #expect(actual.store.reads == expected.store.reads && actual.store.writes == expected.store.writes)
        #expect(server.values["a"] == .some("2") || server.values["a"] == nil)
    }

    @Test func latenciesAreMeasuredWhileTheClockKeepsTheModelsTime() throws {
        let modelled = try Simulation(configuration(.cacheAside(onWrite: .invalidate)))
        let real = try Simulation(configuration(.cacheAside(onWrite: .invalidate)),
                                  backends: RealBackends(cache: FakeCacheServer(), store: FakeTimedStore()))
        for simulation in [modelled, real] {
            try simulation.preload([("a", "1")])
            try simulation.get("a", by: "app")
            try simulation.get("a", by: "app")
        }
        // The story keeps the modelled timing, so flushes and expiries fall where they would.
        #expect(real.now == modelled.now)
        // What the operations took is measured: a server lookup, a store read and a server set
        // (0.3 + 2 + 0.3 ms), then a lookup that hits (0.3 ms).
        let operations = real.events.filter(\.isOperation).map(\.latency)
        #expect(operations == [.microseconds(2_600), .microseconds(300)])
        #expect(real.statistics.readLatency.max == .microseconds(2_600))
        #expect(real.events.contains { $0.action == .load || $0.action == .read ? $0.latency == .milliseconds(2) : false })
    }

    @Test func aKeyTheServerDroppedIsAMissAndAnEviction() throws {
        let server = FakeCacheServer()
        let real = try Simulation(configuration(.readThrough), backends: RealBackends(cache: server))
        try real.preload([("a", "1")])
        try real.get("a", by: "app")
        server.values["a"] = nil
        let again = try real.get("a", by: "app")
        #expect(again.outcome == .miss)
        #expect(real.statistics.cache.evictions == 1)
        #expect(real.events.contains { $0.action == .evict && $0.detail == "gone from the cache server" })
    }

    @Test func aServerOutOfMemoryStoresNothingAndTheEntryCountsAsEvicted() throws {
        let server = FakeCacheServer()
        server.isFull = true
        let real = try Simulation(configuration(.readThrough), backends: RealBackends(cache: server))
        try real.preload([("a", "1")])
        try real.get("a", by: "app")
        #expect(try real.get("a", by: "app").outcome == .miss)
        #expect(real.statistics.cache.evictions == 2)
        #expect(real.events.contains { $0.detail == "the cache server is out of memory" })
    }

    @Test func theModelNeverEvictsForTheServer() throws {
        let server = FakeCacheServer()
        let real = try Simulation(configuration(.readThrough), backends: RealBackends(cache: server))
        try real.preload([("a", "1"), ("b", "2"), ("c", "3")])
        for key in ["a", "b", "c"] { try real.get(key, by: "app") }
        #expect(server.values.count == 3, "capacity=2 is the server's to enforce")
        #expect(real.statistics.cache.evictions == 0)
    }

    @Test func aCrashEmptiesTheServerAndAServerFailureStopsTheRun() throws {
        let server = FakeCacheServer()
        let real = try Simulation(configuration(.readThrough), backends: RealBackends(cache: server))
        try real.preload([("a", "1")])
        try real.get("a", by: "app")
        real.crash()
        #expect(server.values.isEmpty)
        try real.restart()
        server.failsFromNowOn = true
        #expect(throws: ScenarioError.cacheServer(StoreError("connection lost"))) { try real.get("a", by: "app") }
    }
}
