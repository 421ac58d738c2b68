/// Who acts in an event: the lanes of a sequence diagram.
public enum Actor: Sendable, Hashable, CustomStringConvertible {
    case client(String)
    case cache
    case store
    case writeQueue

    public var description: String {
        switch self {
        case .client(let name): name
        case .cache: "cache"
        case .store: "store"
        case .writeQueue: "write-queue"
        }
    }
}

/// What happened in an event.
public enum Action: String, Sendable, Hashable {
    // Client operations, one event each with the total latency.
    case get, put, delete
    /// A client reading the store directly, bypassing the cache.
    case readStore = "read-store"
    // Steps inside operations and background work.
    case lookup, load, fill, set, invalidate, read, write, enqueue, flush, wait, refresh
    case evict, expire
    // Lifecycle and bookkeeping.
    case crash, restart, shutdown, warm, preload, workload, lost, drop, retry
}

/// How an event turned out.
public enum Outcome: String, Sendable, Hashable {
    case hit, miss, ok, stale, error, lost, dirty, blocked, coalesced, dropped, expired, evicted
    /// A hit on a cached "not found".
    case negative
}

/// One recorded step of the simulation. Renderers draw the event log and sequence diagrams
/// from these.
public struct Event: Sendable, Hashable {
    /// The order the event was recorded in; breaks ties between events at the same time.
    public var sequence: Int
    /// When the step started.
    public var time: VirtualTime
    /// How long it took; zero for instantaneous steps.
    public var latency: VirtualTime
    public var actor: Actor
    /// Whom the actor talks to, if anyone.
    public var target: Actor?
    public var action: Action
    public var key: String?
    public var value: String?
    public var outcome: Outcome
    /// Extra facts: `3 updates`, `attempt 2`, `store unavailable`.
    public var detail: String?
    /// The client operation this step belongs to, if any (an increasing number).
    public var operation: Int?

    /// Whether this is a whole client operation (get, put, delete, read-store) with its total
    /// latency, rather than one of its steps: the lines of an event log.
    public var isOperation: Bool
}
