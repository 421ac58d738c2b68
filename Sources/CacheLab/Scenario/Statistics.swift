/// p50, p95, p99 and max of a set of latencies on the virtual clock (nearest rank, exact).
public struct LatencySummary: Sendable, Hashable {
    public var count: Int
    public var p50: VirtualTime
    public var p95: VirtualTime
    public var p99: VirtualTime
    public var max: VirtualTime

    /// - Complexity: O(*n* log *n*)
    init(_ samples: [Int64]) {
        let sorted = samples.sorted()
        func rank(_ percent: Int) -> VirtualTime {
            guard !sorted.isEmpty else { return .zero }
            // The smallest value with at least `percent`% of the samples at or below it.
            let index = (percent * sorted.count + 99) / 100 - 1
            return .microseconds(sorted[Swift.max(0, Swift.min(index, sorted.count - 1))])
        }
        count = sorted.count
        p50 = rank(50)
        p95 = rank(95)
        p99 = rank(99)
        max = .microseconds(sorted.last ?? 0)
    }
}

/// Everything the simulation counts.
public struct Statistics: Sendable, Hashable {
    public struct Cache: Sendable, Hashable {
        public var hits = 0, misses = 0, inserts = 0, updates = 0, evictions = 0, expirations = 0
        public var size = 0, peakSize = 0, bytes = 0
        /// Hits over lookups; 0 before the first lookup.
        public var hitRatio: Double { hits + misses == 0 ? 0 : Double(hits) / Double(hits + misses) }
    }

    public struct Store: Sendable, Hashable {
        public var reads = 0, writes = 0, failedWrites = 0, failedReads = 0
    }

    public struct WriteBack: Sendable, Hashable {
        /// Keys with writes not yet in the store.
        public var dirtyKeys = 0
        /// How long the oldest pending write has waited.
        public var oldestDirtyAge = VirtualTime.zero
        public var queued = 0
        public var writesSaved = 0
        public var lostUpdates = 0
        public var lostKeys = 0
        public var retries = 0
        public var dropped = 0
    }

    public var cache = Cache()
    public var store = Store()
    public var writeBack = WriteBack()
    public var reads = 0
    public var writes = 0
    public var staleReads = 0
    public var errors = 0
    public var readLatency: LatencySummary
    public var writeLatency: LatencySummary
}

extension Simulation {
    /// The statistics as of now.
    ///
    /// - Complexity: O(*n* log *n*) in the number of operations, for the percentiles.
    public var statistics: Statistics {
        var stats = Statistics(readLatency: LatencySummary(readLatencies), writeLatency: LatencySummary(writeLatencies))
        stats.cache.hits = counters.hits
        stats.cache.misses = counters.misses
        stats.cache.inserts = counters.inserts
        stats.cache.updates = counters.updates
        stats.cache.evictions = counters.evictions
        stats.cache.expirations = counters.expirations
        stats.cache.size = cache.count
        stats.cache.peakSize = cache.peakCount
        stats.cache.bytes = cache.usedBytes
        stats.store.reads = counters.storeReads
        stats.store.writes = counters.storeWrites
        stats.store.failedWrites = counters.failedWrites
        stats.store.failedReads = counters.failedReads
        let pending = writeBack.pending
        stats.writeBack.dirtyKeys = Set(pending.map(\.key)).count
        stats.writeBack.oldestDirtyAge = pending.map { now - $0.queuedAt }.max() ?? .zero
        stats.writeBack.queued = pending.count
        stats.writeBack.writesSaved = writeBack.writesSaved
        stats.writeBack.lostUpdates = writeBack.lostUpdates
        stats.writeBack.lostKeys = writeBack.lostKeys
        stats.writeBack.retries = writeBack.retries
        stats.writeBack.dropped = writeBack.dropped
        stats.reads = counters.reads
        stats.writes = counters.writes
        stats.staleReads = counters.staleReads
        stats.errors = counters.errors
        return stats
    }

    /// The value of a metric by its stable name (see ``Metric``); latencies in milliseconds.
    ///
    /// - Throws: ``UnknownMetric`` listing the known names.
    ///
    /// - Complexity: that of ``statistics``.
    public func metric(_ name: String) throws(UnknownMetric) -> Double {
        guard let metric = Metric(rawValue: name.lowercased()) else { throw UnknownMetric(name: name) }
        return value(of: metric)
    }

    /// The value of `metric` now; latencies and ages in milliseconds.
    ///
    /// - Complexity: that of ``statistics``.
    public func value(of metric: Metric) -> Double {
        let stats = statistics
        switch metric {
        case .hits: return Double(stats.cache.hits)
        case .misses: return Double(stats.cache.misses)
        case .hitRatio: return stats.cache.hitRatio
        case .missRatio: return stats.cache.hits + stats.cache.misses == 0 ? 0 : 1 - stats.cache.hitRatio
        case .inserts: return Double(stats.cache.inserts)
        case .updates: return Double(stats.cache.updates)
        case .evictions: return Double(stats.cache.evictions)
        case .expirations: return Double(stats.cache.expirations)
        case .size: return Double(stats.cache.size)
        case .peakSize: return Double(stats.cache.peakSize)
        case .dbReads: return Double(stats.store.reads)
        case .dbWrites: return Double(stats.store.writes)
        case .failedWrites: return Double(stats.store.failedWrites)
        case .failedReads: return Double(stats.store.failedReads)
        case .dirty: return Double(stats.writeBack.dirtyKeys)
        case .oldestDirtyAge: return stats.writeBack.oldestDirtyAge.milliseconds
        case .queued: return Double(stats.writeBack.queued)
        case .writesSaved: return Double(stats.writeBack.writesSaved)
        case .lostWrites: return Double(stats.writeBack.lostUpdates)
        case .lostKeys: return Double(stats.writeBack.lostKeys)
        case .retries: return Double(stats.writeBack.retries)
        case .droppedWrites: return Double(stats.writeBack.dropped)
        case .staleReads: return Double(stats.staleReads)
        case .errors: return Double(stats.errors)
        case .reads: return Double(stats.reads)
        case .writes: return Double(stats.writes)
        case .p50Read: return stats.readLatency.p50.milliseconds
        case .p95Read: return stats.readLatency.p95.milliseconds
        case .p99Read: return stats.readLatency.p99.milliseconds
        case .maxRead: return stats.readLatency.max.milliseconds
        case .p50Write: return stats.writeLatency.p50.milliseconds
        case .p95Write: return stats.writeLatency.p95.milliseconds
        case .p99Write: return stats.writeLatency.p99.milliseconds
        case .maxWrite: return stats.writeLatency.max.milliseconds
        case .time: return now.milliseconds
        }
    }
}

/// The stable names exercises use to ask for a number, as in `metric: hit-ratio`.
public enum Metric: String, CaseIterable, Sendable, Hashable {
    case hits, misses
    case hitRatio = "hit-ratio"
    case missRatio = "miss-ratio"
    case inserts, updates, evictions, expirations, size
    case peakSize = "peak-size"
    case dbReads = "db-reads"
    case dbWrites = "db-writes"
    case failedWrites = "failed-writes"
    case failedReads = "failed-reads"
    /// Keys with unflushed writes.
    case dirty
    /// Milliseconds the oldest unflushed write has waited.
    case oldestDirtyAge = "oldest-dirty-age"
    case queued
    case writesSaved = "writes-saved"
    /// Acknowledged updates lost in crashes.
    case lostWrites = "lost-writes"
    case lostKeys = "lost-keys"
    case retries
    case droppedWrites = "dropped-writes"
    case staleReads = "stale-reads"
    case errors, reads, writes
    case p50Read = "p50-read"
    case p95Read = "p95-read"
    case p99Read = "p99-read"
    case maxRead = "max-read"
    case p50Write = "p50-write"
    case p95Write = "p95-write"
    case p99Write = "p99-write"
    case maxWrite = "max-write"
    /// The virtual clock, in milliseconds.
    case time
}

/// A metric name that does not exist.
public struct UnknownMetric: Error, Sendable, Hashable, CustomStringConvertible {
    public var name: String

    public var description: String {
        "unknown metric \"\(name)\"; known metrics: " + Metric.allCases.map(\.rawValue).joined(separator: ", ")
    }
}
