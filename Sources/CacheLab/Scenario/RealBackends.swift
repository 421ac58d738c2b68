/// A cache server that a simulation drives alongside its own model of the cache, in place of
/// the modelled cache tier: Redis, in `cachebook run --cache`.
///
/// The simulation keeps deciding what each pattern does; the server holds the values and has
/// the last word on whether a key is still there (it evicts on its own). Implementations time
/// each call, so that the simulation charges measured latencies; CacheLab itself never reads a
/// clock.
public protocol ExternalCache: AnyObject {
    /// What the server holds for `key`: `nil` if nothing, `.some(nil)` for a cached "not found".
    func get(_ key: String) throws(StoreError) -> String??
    /// Stores `value` (`nil` for a cached "not found") under `key`, with no expiry of its own:
    /// the model decides on the virtual clock when an entry expires, and deletes it then.
    /// Returns `false` if the server refused for want of memory, as a full Redis does.
    func set(_ key: String, _ value: String?) throws(StoreError) -> Bool
    func delete(_ key: String) throws(StoreError)
    /// Removes everything this simulation stored.
    func clear() throws(StoreError)
    /// How long the last call took.
    var lastCallDuration: VirtualTime { get }
}

/// A store that times its own calls, so that the simulation charges what they really took.
public protocol TimedStore: Store {
    /// How long the last call took.
    var lastCallDuration: VirtualTime { get }
}

/// Real servers for a simulation to use instead of its models. Either may be absent.
public struct RealBackends {
    public var cache: (any ExternalCache)?
    public var store: (any TimedStore)?

    public init(cache: (any ExternalCache)? = nil, store: (any TimedStore)? = nil) {
        self.cache = cache
        self.store = store
    }

    /// Whether nothing real is involved: a plain simulation.
}
