/// A dense integer name for a cached object: 0, 1, 2, … in the order keys were first seen.
///
/// Policies keep their per-object state in flat arrays indexed by `EntryID`, so the same policy
/// code serves the trace replay (integer keys remapped at load time) and the scenario cache
/// (string keys mapped to ids by a dictionary used only for lookup).
public typealias EntryID = Int32

/// "No entry": the end of a list, an empty hand, an id that is not resident.
let noEntry: EntryID = -1

/// A next-access time meaning "never requested again" (libCacheSim's `INT64_MAX`).
public let neverAccessedAgain = Int64.max

/// An eviction policy over dense ids.
///
/// The cache that owns a policy decides *when* to evict (when an insert would exceed its entry or
/// byte capacity); the policy decides *what*. The owner's protocol for one request is:
///
/// - a hit: ``recordHit(_:nextAccess:)`` (or ``recordAccess(_:nextAccess:)``, which checks
///   residency and records the hit in one mutating call);
/// - a miss: ``recordMiss(_:size:)``, then ``evict()`` as many times as needed, then
///   ``insert(_:size:nextAccess:)``;
/// - an explicit delete, invalidation or expiry: ``remove(_:)``.
///
/// Sizes are in the owner's capacity unit: 1 per entry, or bytes when a byte budget is used.
/// Policies are value types; copying one and evicting from the copy shows the eviction order
/// without touching the original.
public protocol EvictionPolicy {
    /// Creates an empty policy for a cache of `capacity` units.
    ///
    /// `seed` feeds policies that make random choices; the others ignore it.
    init(capacity: Int, seed: UInt64)

    /// Whether the policy needs to know each request's next access time (Belady).
    static var needsNextAccess: Bool { get }

    /// The number of resident entries.
    var count: Int { get }

    /// Whether `id` is resident.
    func contains(_ id: EntryID) -> Bool

    /// Makes room for ids `0..<idCount` in the per-id arrays.
    mutating func reserveIDs(_ idCount: Int)

    /// Records a hit on the resident `id`.
    mutating func recordHit(_ id: EntryID, nextAccess: Int64)

    /// Records a miss on the non-resident `id` before any eviction it causes.
    ///
    /// Policies with ghost lists (ARC, S3-FIFO) look the id up there now, as libCacheSim does,
    /// because the evictions that follow may push it out of the ghost list.
    mutating func recordMiss(_ id: EntryID, size: Int)

    /// Whether an object of `size` may be cached at all.
    func admits(size: Int) -> Bool

    /// Makes the non-resident `id` resident. The owner has already evicted enough room.
    mutating func insert(_ id: EntryID, size: Int, nextAccess: Int64)

    /// Removes the next victim and returns it. The policy must not be empty.
    mutating func evict() -> EntryID

    /// Removes the resident `id` without it counting as an eviction; forgets any ghost of it.
    mutating func remove(_ id: EntryID)

    /// A short description of the policy's state for `id`, such as `freq=3` or `visited`.
    func metadata(of id: EntryID) -> String

    /// Throws ``InvariantViolation`` if the internal structures disagree with each other.
    func checkInvariants() throws
}

extension EvictionPolicy {
    public static var needsNextAccess: Bool { false }

    /// - Complexity: O(1)
    public mutating func recordMiss(_ id: EntryID, size: Int) {}

    /// - Complexity: O(1)
    public func admits(size: Int) -> Bool { true }

    /// Records a hit and returns `true` if `id` is resident; returns `false` otherwise.
    ///
    /// The replay loop uses this rather than ``contains(_:)``: as a mutating call it works on the
    /// policy in place, where a non-mutating call on a large policy struct may copy it first.
    ///
    /// - Complexity: that of ``recordHit(_:nextAccess:)``.
    @inline(__always)
    public mutating func recordAccess(_ id: EntryID, nextAccess: Int64) -> Bool {
        guard contains(id) else { return false }
        recordHit(id, nextAccess: nextAccess)
        return true
    }

    /// The resident ids in the order the policy would evict them if nothing else happened,
    /// next victim first.
    ///
    /// Computed by evicting everything from a copy, so it is exact for every policy, including
    /// CLOCK, SIEVE and S3-FIFO, whose victims depend on bits the scan changes.
    ///
    /// - Complexity: O(*n*) evictions on a copy, where *n* is ``count``.
    public func residentsInEvictionOrder() -> [EntryID] {
        var copy = self
        var order: [EntryID] = []
        order.reserveCapacity(count)
        while copy.count > 0 {
            order.append(copy.evict())
        }
        return order
    }
}

/// A broken internal invariant, reported by ``EvictionPolicy/checkInvariants()``.
public struct InvariantViolation: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Throws an ``InvariantViolation`` with `message` unless `condition` holds.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) throws {
    if !condition() { throw InvariantViolation(message()) }
}
