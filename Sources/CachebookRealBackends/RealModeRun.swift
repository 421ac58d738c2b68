import CacheLab
import Foundation

/// Where a real-mode run goes and how long it may wait: `cachebook run --cache … --store …`.
public struct RealModeOptions: Sendable {
    public var cache: BackendURL?
    public var store: BackendURL?
    /// How long to wait for a server to accept a connection.
    public var connectTimeout: Duration
    /// How long to wait for any one reply.
    public var operationTimeout: Duration
    /// Set Redis's `maxmemory` and `maxmemory-policy` from the scenario (and put them back after).
    public var configuresRedis: Bool
    /// Leave the run's keys and schema in place, to look at them afterwards.
    public var keepsData: Bool

    public init(cache: BackendURL?, store: BackendURL?, connectTimeout: Duration = .seconds(5), operationTimeout: Duration = .seconds(5),
                configuresRedis: Bool = false, keepsData: Bool = false) {
        self.cache = cache
        self.store = store
        self.connectTimeout = connectTimeout
        self.operationTimeout = operationTimeout
        self.configuresRedis = configuresRedis
        self.keepsData = keepsData
    }
}

/// The servers of one scenario's real run: a fresh key namespace on Redis and a fresh schema on
/// PostgreSQL, both removed by ``close()`` unless the options keep them.
public final class RealModeRun {
    public let runID: String
    public let cache: RedisCache?
    public let store: PostgresStore?
    /// What the run set up, for the report: how Redis evicts, where the data lives.
    public private(set) var notes: [String] = []
    private let options: RealModeOptions

    /// Connects to the servers of `options` and prepares them for a scenario whose cache is
    /// `cacheConfiguration`, and whose simulated run evicted `simulatedEvictions` entries.
    public init(_ options: RealModeOptions, cacheConfiguration: CacheConfiguration, simulatedEvictions: Int = 0) throws(BackendError) {
        self.options = options
        let runID = String(format: "%08x", UInt32.random(in: 0...UInt32.max))
        self.runID = runID
        cache = try options.cache.map { url throws(BackendError) in
            try RedisCache(url, runID: runID, connectTimeout: options.connectTimeout, operationTimeout: options.operationTimeout)
        }
        store = try options.store.map { url throws(BackendError) in
            try PostgresStore(url, runID: runID, connectTimeout: options.connectTimeout, operationTimeout: options.operationTimeout)
        }
        if let cache {
            // One fact per line: output is laid out for the screen, and a cut name is no use.
            notes += ["cache: \(cache.url)", "  keys under \(cache.namespace)"]
            do {
                notes += options.configuresRedis
                    ? [try cache.configureEviction(capacity: cacheConfiguration.capacity, policy: cacheConfiguration.policy)]
                    : cache.evictionReport(capacity: cacheConfiguration.capacity, policy: cacheConfiguration.policy, simulatedEvictions: simulatedEvictions)
            } catch {
                // Neither the schema nor any changed setting may be left behind.
                try? cache.close()
                try? store?.close()
                throw error
            }
        }
        if let store { notes += ["store: \(store.url)", "  table \(store.schema).rows"] }
    }

    /// The servers, for ``Simulation/init(_:backends:)``.
    public var backends: RealBackends {
        RealBackends(cache: cache, store: store)
    }

    /// Removes the run's keys and schema (unless kept) and puts Redis's settings back. Returns
    /// what was kept, if anything, for the report.
    public func close() throws(BackendError) -> [String] {
        var problems: [String] = []
        do { try cache?.close(keepingKeys: options.keepsData) } catch { problems.append(error.description) }
        if !options.keepsData {
            do { try store?.close() } catch { problems.append(error.description) }
        }
        if !problems.isEmpty { throw BackendError(problems.joined(separator: "; ")) }
        guard options.keepsData else { return [] }
        return [cache.map { "kept: the keys under \($0.namespace)\n    on \($0.url)" }, store.map { "kept: the schema \($0.schema)\n    on \($0.url)" }]
            .compactMap { $0 }
    }
}
