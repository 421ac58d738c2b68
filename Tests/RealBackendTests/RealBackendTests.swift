import CacheLab
@testable import CachebookNotebook
@testable import CachebookRealBackends
import Foundation
import Testing

/// The servers `make test-integration` starts (scripts/with-test-servers.sh).
enum TestServers {
    static let environment = ProcessInfo.processInfo.environment
    static let redis = environment["CACHEBOOK_TEST_REDIS_URL"].flatMap { try? BackendURL(parsing: $0, as: .redis) }
    static let postgres = environment["CACHEBOOK_TEST_POSTGRES_URL"].flatMap { try? BackendURL(parsing: $0, as: .postgres) }
    static let available = redis != nil && postgres != nil

    static func options(configuresRedis: Bool = false) -> RealModeOptions {
        RealModeOptions(cache: redis, store: postgres, connectTimeout: .seconds(5), operationTimeout: .seconds(5), configuresRedis: configuresRedis)
    }
}

/// Runs `source` simulated and on the test servers, and hands both runs to `body` before the
/// real run's keys and schema are removed.
func compareRuns(_ source: String, configuresRedis: Bool = false, sourceLocation: SourceLocation = #_sourceLocation,
                 _ body: (ScenarioRun, ScenarioRun) throws -> Void) throws {
    let scenario = try ScenarioParser.parse(source)
    let simulated = ScenarioRunner().run(scenario)
    let session = try RealModeRun(TestServers.options(configuresRedis: configuresRedis), cacheConfiguration: scenario.configuration.cache)
    defer { _ = try? session.close() }
    let real = ScenarioRunner().run(scenario, backends: session.backends)
    #expect(simulated.failure == nil, "\(simulated.failure?.message ?? "")", sourceLocation: sourceLocation)
    #expect(real.failure == nil, "\(real.failure?.message ?? "")", sourceLocation: sourceLocation)
    try body(simulated, real)
}

@Suite("On real Redis and PostgreSQL, the patterns count what the simulation counts", .enabled(if: TestServers.available, "run by make test-integration"))
struct RealBackendTests {
    static let patterns = [
        "pattern cache-aside on-write=invalidate", "pattern cache-aside on-write=update", "pattern read-through",
        "pattern write-through", "pattern write-around", "pattern write-back batch=3 flush=1s",
    ]

    @Test(arguments: patterns)
    func countsMatchWhenTheWorkingSetFits(pattern: String) throws {
        let source = """
            cache capacity=100 ttl=10m
            \(pattern)
            db a=1 b=2 c=3
            get a
            get a
            put b 20
            get b
            get c
            delete c
            get c
            put d 4
            get d
            advance 2s
            workload zipf keys=40 requests=400 writes=0.2 seed=3
            stats
            """
        try compareRuns(source) { simulated, real in
            let (expected, actual) = (simulated.simulation!.statistics, real.simulation!.statistics)
            #expect(actual.cache.hits == expected.cache.hits)
            #expect(actual.cache.misses == expected.cache.misses)
            #expect(actual.store.reads == expected.store.reads)
            #expect(actual.store.writes == expected.store.writes)
            #expect(actual.writeBack.lostUpdates == expected.writeBack.lostUpdates)
            let (realRows, simulatedRows) = (try real.simulation!.storeRows(), try simulated.simulation!.storeRows())
            #expect(realRows.map { "\($0.key)=\($0.value)" } == simulatedRows.map { "\($0.key)=\($0.value)" })
        }
    }

    @Test func aWriteBackCrashLeavesExactlyThePredictedRows() throws {
        let source = """
            cache capacity=10
            pattern write-back batch=10 flush=1s
            db a=0 z=9
            put a 1
            put b 2
            advance 2s
            put c 3
            put a 4
            crash
            """
        try compareRuns(source) { simulated, real in
            let predicted = try simulated.simulation!.storeRows().map { "\($0.key)=\($0.value)" }
            #expect(predicted == ["a=1", "b=2", "z=9"])
            #expect(try real.simulation!.storeRows().map { "\($0.key)=\($0.value)" } == predicted)
            let (expected, actual) = (simulated.simulation!.statistics.writeBack, real.simulation!.statistics.writeBack)
            #expect(expected.lostUpdates > 0, "the crash lost nothing: the scenario tests nothing")
            #expect((actual.lostUpdates, actual.lostKeys) == (expected.lostUpdates, expected.lostKeys))
        }
    }

    /// Refresh-ahead reloads in the background on a hit late in an entry's life; the scenario's
    /// clock decides when, so on real servers every event happens as in the simulation.
    @Test(arguments: ["pattern read-through", "pattern write-through", "pattern write-around", "pattern write-back batch=3 flush=1s"])
    func refreshAheadHappensAsSimulated(pattern: String) throws {
        let source = """
            cache capacity=100 ttl=10s
            \(pattern) refresh-ahead=0.5
            db a=1 b=2
            get a
            get b
            advance 6s
            get a
            advance 1s
            get a
            put b 20
            advance 5s
            get a
            get b
            advance 20s
            get a
            workload zipf keys=30 requests=300 writes=0.1 seed=5
            advance 8s
            workload zipf keys=30 requests=300 writes=0.1 seed=6
            stats
            """
        try compareRuns(source) { simulated, real in
            // Everything but the latencies, which real servers measure.
            func story(_ run: ScenarioRun) -> [String] {
                run.simulation!.events.map { "\($0.time) \($0.actor) \($0.action) \($0.key ?? "") \($0.value ?? "") \($0.outcome) \($0.detail ?? "")" }
            }
            #expect(story(simulated).contains { $0.contains("refreshed") }, "nothing was refreshed: the scenario tests nothing")
            #expect(story(real) == story(simulated))
            let (expected, actual) = (simulated.simulation!.statistics, real.simulation!.statistics)
            #expect((actual.cache.hits, actual.cache.misses, actual.cache.expirations) == (expected.cache.hits, expected.cache.misses, expected.cache.expirations))
            #expect((actual.store.reads, actual.store.writes) == (expected.store.reads, expected.store.writes))
            let (realRows, simulatedRows) = (try real.simulation!.storeRows(), try simulated.simulation!.storeRows())
            #expect(realRows.map { "\($0.key)=\($0.value)" } == simulatedRows.map { "\($0.key)=\($0.value)" })
        }
    }

    /// Redis approximates LRU by sampling and its memory limit holds only about `capacity`
    /// entries, so with evictions only the hit ratio is compared, within 0.1. The cache is big
    /// enough that Redis's own memory use, which moves by kilobytes, is small beside it.
    @Test func withEvictionsTheHitRatioIsClose() throws {
        let source = """
            cache capacity=1000 policy=lru
            pattern read-through
            workload zipf alpha=1.0 keys=10000 requests=20000 seed=11
            """
        try compareRuns(source, configuresRedis: true) { simulated, real in
            let (expected, actual) = (simulated.simulation!.statistics.cache.hitRatio, real.simulation!.statistics.cache.hitRatio)
            #expect(real.simulation!.statistics.cache.evictions > 0, "Redis evicted nothing: maxmemory was not set")
            #expect(abs(expected - actual) <= 0.1, "simulated \(expected), real \(actual)")
            print("hit ratio with evictions: simulated \(expected), real \(actual)")
        }
    }

    @Test func aRunLeavesNothingBehind() throws {
        let scenario = try ScenarioParser.parse("cache capacity=5\ndb a=1\nget a\nput b 2\n")
        let session = try RealModeRun(TestServers.options(), cacheConfiguration: scenario.configuration.cache)
        _ = ScenarioRunner().run(scenario, backends: session.backends)
        #expect(try session.cache!.keyCount() > 0)
        #expect(try session.close().isEmpty)
        #expect(try session.cache!.keyCount() == 0)
        let check = try PostgresConnection(TestServers.postgres!, connectTimeout: .seconds(5), operationTimeout: .seconds(5))
        #expect(try check.execute("SELECT count(*) FROM information_schema.schemata WHERE schema_name = $1", [session.store!.schema]) == [["0"]])
    }

    /// The run works under `cachebook:RUN:` and in `cachebook_RUN`: a neighbour's keys, another
    /// run's keys and tables, and a table in `public` are all still there after a crash, a
    /// restart (which empty the run's cache) and the cleanup.
    @Test func dataOutsideTheRunsNamespaceAndSchemaSurvives() throws {
        let redis = try RedisConnection(TestServers.redis!, connectTimeout: .seconds(5), operationTimeout: .seconds(5))
        let postgres = try PostgresConnection(TestServers.postgres!, connectTimeout: .seconds(5), operationTimeout: .seconds(5))
        let foreignKeys = ["a", "cachebook:a", "cachebook:00000000:a", "someone-else:cachebook:a"]
        for key in foreignKeys { _ = try redis.command(["SET", key, "theirs"]) }
        // Other tests need a Redis with no keys but their own.
        defer { _ = try? redis.command(["DEL"] + foreignKeys) }
        try postgres.execute("CREATE TABLE public.cachebook_neighbour (key text PRIMARY KEY, value text NOT NULL)")
        try postgres.execute("CREATE SCHEMA cachebook_00000000")
        try postgres.execute("CREATE TABLE cachebook_00000000.rows (key text PRIMARY KEY, value text NOT NULL)")
        defer {
            _ = try? postgres.execute("DROP TABLE public.cachebook_neighbour")
            _ = try? postgres.execute("DROP SCHEMA cachebook_00000000 CASCADE")
        }
        for table in ["public.cachebook_neighbour", "cachebook_00000000.rows"] {
            try postgres.execute("INSERT INTO \(table) VALUES ('a', 'theirs')")
        }
        let scenario = try ScenarioParser.parse("""
            cache capacity=10
            pattern write-back batch=2 flush=1s
            db a=1
            get a
            put a 2
            put b 3
            put c 4
            crash
            restart
            get a
            delete a
            shutdown
            """)
        let session = try RealModeRun(TestServers.options(), cacheConfiguration: scenario.configuration.cache)
        let run = ScenarioRunner().run(scenario, backends: session.backends)
        #expect(run.failure == nil, "\(run.failure?.message ?? "")")
        #expect(try session.close().isEmpty)
        for key in foreignKeys {
            #expect(try redis.command(["GET", key]) == .string("theirs"), "\(key)")
        }
        for table in ["public.cachebook_neighbour", "cachebook_00000000.rows"] {
            #expect(try postgres.execute("SELECT key, value FROM \(table)") == [["a", "theirs"]], "\(table)")
        }
    }

    @Test func configuredEvictionIsPutBackAfterwards() throws {
        let probe = try RedisConnection(TestServers.redis!, connectTimeout: .seconds(5), operationTimeout: .seconds(5))
        let before = try probe.command(["CONFIG", "GET", "maxmemory-policy"])
        let session = try RealModeRun(TestServers.options(configuresRedis: true), cacheConfiguration: CacheConfiguration())
        #expect(session.notes.contains { $0.contains("Redis evicts with allkeys-lru") })
        _ = try session.close()
        #expect(try probe.command(["CONFIG", "GET", "maxmemory-policy"]) == before)
    }
}
