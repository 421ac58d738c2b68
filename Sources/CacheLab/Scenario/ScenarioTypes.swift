/// One client operation, for ``Simulation/perform(_:)`` and ``Simulation/overlap(_:)``.
public struct ClientOperation: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case get(String)
        case put(String, String, ttl: VirtualTime? = nil)
        case delete(String)
        /// Read the store directly, bypassing the cache (to show stale data before a flush).
        case readStore(String)
    }

    public var client: String
    public var kind: Kind
    /// When the operation starts, after the start of its ``Simulation/overlap(_:)`` group.
    public var startOffset: VirtualTime

    public init(client: String, _ kind: Kind, startOffset: VirtualTime = .zero) {
        self.client = client
        self.kind = kind
        self.startOffset = startOffset
    }

    public var key: String {
        switch kind {
        case .get(let key), .put(let key, _, _), .delete(let key), .readStore(let key): key
        }
    }

    var isRead: Bool {
        switch kind {
        case .get, .readStore: true
        case .put, .delete: false
        }
    }

    var action: Action {
        switch kind {
        case .get: .get
        case .put: .put
        case .delete: .delete
        case .readStore: .readStore
        }
    }
}

/// What one client operation returned.
public struct OperationResult: Sendable, Hashable {
    public var operation: ClientOperation
    public var start: VirtualTime
    public var end: VirtualTime
    /// `hit`, `miss`, `negative` or `stale` for reads; `ok` for writes; `error` on failure.
    public var outcome: Outcome
    /// The value read (`nil` for "not found"), or the value written.
    public var value: String?
    /// Why the operation failed, when `outcome` is `error`.
    public var error: String?
    /// Whether a read returned something other than the latest acknowledged value.
    public var isStale: Bool

    public var latency: VirtualTime { end - start }
}

/// What a crash lost.
public struct CrashReport: Sendable, Hashable {
    public var time: VirtualTime
    /// Keys whose acknowledged writes never reached the store, in queue order.
    public var lostKeys: [String]
    /// The number of acknowledged updates lost (coalesced updates each count).
    public var lostUpdates: Int
    /// How many entries the cache held.
    public var cachedEntriesLost: Int
}

/// The totals of one ``Simulation/runWorkload(_:by:keyPrefix:)``.
public struct WorkloadReport: Sendable, Hashable {
    public var requests = 0
    public var reads = 0
    public var writes = 0
    public var hits = 0
    public var misses = 0
    public var staleReads = 0
    public var errors = 0
}

/// A scenario step that cannot run.
public enum ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownClient(String, known: [String])
    case invalidConfiguration(String)
    case limit(LimitExceeded)
    case store(StoreError)
    /// The real cache server failed (`cachebook run --cache`).
    case cacheServer(StoreError)
    case workload(WorkloadError)
    /// Operations were still waiting when nothing was left to run (a modelling bug).
    case stalled(String)

    public var description: String {
        switch self {
        case .unknownClient(let name, let known):
            "unknown client \"\(name)\"; the scenario's clients are \(known.joined(separator: ", "))"
        case .invalidConfiguration(let message): message
        case .limit(let exceeded): exceeded.description
        case .store(let error): error.description
        case .cacheServer(let error): error.description
        case .workload(let error): error.description
        case .stalled(let message): "the simulation stalled: \(message)"
        }
    }
}
