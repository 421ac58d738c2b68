/// Everything a scenario fixes before its first step: the cache, the store, the pattern between
/// them, the clients and the seed.
public struct ScenarioConfiguration: Sendable {
    public var cache = CacheConfiguration()
    public var store = StoreConfiguration()
    public var pattern = Pattern.cacheAside(onWrite: .invalidate)
    /// How the cache loads on a miss, for every pattern except cache-aside (where the client loads).
    public var loader = LoaderOptions()
    /// Refresh-ahead: a hit on an entry once this fraction of its TTL has passed serves the
    /// cached value and reloads it in the background (the refresh-ahead factor of Oracle
    /// Coherence: 0.75 reloads in the last quarter of the TTL). `nil` turns it off.
    public var refreshAhead: Double?
    /// The client names steps may use. Empty means any name is accepted.
    public var clients: [String] = []
    /// The seed of store jitter and probabilistic faults, and of the Random policy.
    public var seed: UInt64 = 1
    public var limits = SimulationLimits(maxRequests: 1_000_000, maxKeys: 1_000_000, maxSteps: 10_000_000, maxEvents: 200_000)

    public init() {}
}

/// The cache: its capacity, policy, expiry and latency.
public struct CacheConfiguration: Sendable, Hashable {
    /// The most entries the cache holds.
    public var capacity = 100
    /// An optional budget on the total size of the values, in bytes (UTF-8; at least 1 per entry).
    public var byteBudget: Int?
    public var policy = PolicyKind.lru
    /// The TTL of entries written without one; `nil` means entries do not expire.
    public var defaultTTL: VirtualTime?
    /// What each cache operation costs on the virtual clock.
    public var latency = VirtualTime.microseconds(500)

    public init() {}
}

/// The store behind the cache: which kind, its latencies and its faults.
public struct StoreConfiguration: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A dictionary in memory.
        case memory
        /// Real rows in a SQLite database at `path`, or `:memory:`.
        case sqlite(path: String)
    }

    public var kind = Kind.memory
    public var readLatency = VirtualTime.milliseconds(5)
    public var writeLatency = VirtualTime.milliseconds(10)
    /// Each store call takes up to this much longer, drawn from the seeded generator.
    public var jitter = VirtualTime.zero
    public var faults: [StoreFault] = []

    public init() {}
}

/// An injected store failure. Faults are evaluated when a store call starts.
public enum StoreFault: Sendable, Hashable {
    /// The next `count` writes fail.
    case failNextWrites(Int)
    /// Each write fails with this probability, drawn from the seeded generator.
    case failWrites(probability: Double)
    /// Every read and write fails from `from` until (not including) `until`.
    case down(from: VirtualTime, until: VirtualTime)
}

/// How the application, the cache and the store cooperate.
public enum Pattern: Sendable, Hashable {
    /// The client reads the cache, loads from the store on a miss and fills the cache itself. On
    /// a write it writes the store, then invalidates (or updates) the cache.
    case cacheAside(onWrite: CacheAsideWrite)
    /// The cache loads misses from the store itself (see ``LoaderOptions``). Writes go to the
    /// store and invalidate the cache, through the cache.
    case readThrough
    /// A write goes to the store, then to the cache, before it is acknowledged.
    case writeThrough
    /// A write is acknowledged once the cache holds it; a write queue flushes it later.
    case writeBack(WriteBackOptions)
    /// A write goes to the store and invalidates the cache, bypassing it; reads fill the cache.
    case writeAround

    public enum CacheAsideWrite: String, Sendable, Hashable {
        case invalidate, update
    }

    /// The pattern's name as the notebook spells it.
    public var name: String {
        switch self {
        case .cacheAside(let write): write == .invalidate ? "cache-aside" : "cache-aside (update)"
        case .readThrough: "read-through"
        case .writeThrough: "write-through"
        case .writeBack: "write-back"
        case .writeAround: "write-around"
        }
    }
}

/// The cache's loader, used on a miss by every pattern but cache-aside.
public struct LoaderOptions: Sendable, Hashable {
    /// Concurrent misses for one key share a single store read.
    public var singleFlight = true
    /// Caches "not found" for this long, so repeated misses for absent keys skip the store.
    public var negativeTTL: VirtualTime?

    public init(singleFlight: Bool = true, negativeTTL: VirtualTime? = nil) {
        self.singleFlight = singleFlight
        self.negativeTTL = negativeTTL
    }
}

/// How a write-back (write-behind) cache flushes.
public struct WriteBackOptions: Sendable, Hashable {
    /// A flush starts as soon as this many writes are queued.
    public var batchSize = 10
    /// A flush starts once the oldest queued write has waited this long.
    public var flushDelay = VirtualTime.seconds(1)
    /// Merge queued writes of one key into one store write.
    public var coalescing = true
    public var onFailure = FailurePolicy.retry(backoff: .milliseconds(100), maxBackoff: .seconds(10))
    /// The most writes the queue holds (queued plus in flight); `nil` is unbounded.
    public var queueLimit: Int?
    public var whenFull = FullQueuePolicy.block

    public init() {}

    public enum FailurePolicy: Sendable, Hashable {
        /// Requeue at the front and retry after `backoff`, doubling up to `maxBackoff`
        /// (at-least-once, as Hazelcast does).
        case retry(backoff: VirtualTime, maxBackoff: VirtualTime)
        /// Drop the write and count it (as Ehcache 3 does).
        case drop
    }

    public enum FullQueuePolicy: String, Sendable, Hashable {
        /// The writer waits until a flush makes room.
        case block
        /// The write fails with an error and changes nothing.
        case fail
    }
}
