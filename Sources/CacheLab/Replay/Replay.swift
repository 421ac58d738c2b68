/// The outcome of replaying a trace through one policy at one cache size.
public struct ReplayResult: Sendable, Hashable {
    public var policy: PolicyKind
    /// The cache size: entries, or bytes for a sized replay.
    public var capacity: Int
    public var requests: Int
    public var hits: Int
    public var misses: Int
    public var evictions: Int

    /// Hits over requests; 0 for an empty trace.
    public var hitRatio: Double { requests == 0 ? 0 : Double(hits) / Double(requests) }
    /// Misses over requests; 0 for an empty trace.
    public var missRatio: Double { requests == 0 ? 0 : Double(misses) / Double(requests) }
}

/// Why a replay cannot run.
public enum ReplayError: Error, Sendable, Hashable, CustomStringConvertible {
    case capacityNotPositive(Int)
    case needsNextAccess(PolicyKind)

    public var description: String {
        switch self {
        case .capacityNotPositive(let capacity):
            "the cache size must be at least 1, not \(capacity)"
        case .needsNextAccess(let policy):
            "\(policy.rawValue) needs each request's next access time; call Trace.withNextAccess() first"
        }
    }
}

/// Replays traces through eviction policies: every request is a read, and a miss inserts the
/// key (demand fill), as libCacheSim's `cachesim` does.
///
/// The loop is generic over the policy, so each policy gets its own specialized, allocation-free
/// loop over flat arrays.
public enum Replay {
    /// Replays `trace` through a fresh `policy` cache of `capacity` entries, or of `capacity` bytes
    /// with per-request sizes when `useSizes` is true. Objects larger than the cache are not cached.
    ///
    /// - Parameter seed: feeds the Random policy.
    /// - Throws: ``ReplayError`` for a capacity below 1, or Belady without next-access times.
    /// - Complexity: O(*n*) for *n* requests (O(*n* log *c*) for Belady).
    public static func run(
        _ trace: Trace, policy: PolicyKind, capacity: Int, useSizes: Bool = false, seed: UInt64 = 0
    ) throws(ReplayError) -> ReplayResult {
        guard capacity >= 1 else { throw .capacityNotPositive(capacity) }
        if policy.needsFutureKnowledge && trace.nextAccess == nil { throw .needsNextAccess(policy) }
        let counts = policy.accept(
            ReplayVisitor(trace: trace, capacity: capacity, sizes: useSizes ? trace.sizes : nil, seed: seed))
        return ReplayResult(
            policy: policy, capacity: capacity, requests: trace.count,
            hits: trace.count - counts.misses, misses: counts.misses, evictions: counts.evictions)
    }
}

struct ReplayCounts {
    var misses = 0
    var evictions = 0
}

private struct ReplayVisitor: PolicyVisitor {
    let trace: Trace
    let capacity: Int
    let sizes: [Int32]?
    let seed: UInt64

    func visit<Policy: EvictionPolicy>(_ type: Policy.Type) -> ReplayCounts {
        var policy = Policy(capacity: capacity, seed: seed)
        policy.reserveIDs(trace.keyCount)
        let nextAccess = trace.nextAccess ?? []
        if let sizes {
            return replaySized(&policy, ids: trace.ids, sizes: sizes, nextAccess: nextAccess, capacity: capacity)
        }
        return replayUnit(&policy, ids: trace.ids, nextAccess: nextAccess, capacity: capacity)
    }
}

/// The hot loop for unit-size objects: the cache is full when it holds `capacity` entries.
@inline(__always)
func replayUnit<Policy: EvictionPolicy>(
    _ policy: inout Policy, ids: [EntryID], nextAccess: [Int64], capacity: Int
) -> ReplayCounts {
    var counts = ReplayCounts()
    let admitted = policy.admits(size: 1)
    ids.withUnsafeBufferPointer { ids in
        nextAccess.withUnsafeBufferPointer { nextAccess in
            for index in 0..<ids.count {
                let id = ids[index]
                let next = Policy.needsNextAccess ? nextAccess[index] : neverAccessedAgain
                if policy.recordAccess(id, nextAccess: next) { continue }
                counts.misses += 1
                policy.recordMiss(id, size: 1)
                guard admitted else { continue }
                while policy.count >= capacity {
                    _ = policy.evict()
                    counts.evictions += 1
                }
                policy.insert(id, size: 1, nextAccess: next)
            }
        }
    }
    return counts
}

/// The loop for sized objects: the cache is full when the resident sizes would exceed `capacity`.
/// A size below 1 counts as 1, so every object takes room.
func replaySized<Policy: EvictionPolicy>(
    _ policy: inout Policy, ids: [EntryID], sizes: [Int32], nextAccess: [Int64], capacity: Int
) -> ReplayCounts {
    var counts = ReplayCounts()
    var residentSize = [Int32](repeating: 0, count: policy.count + (ids.max().map { Int($0) + 1 } ?? 0))
    var used = 0
    for index in 0..<ids.count {
        let id = ids[index]
        let next = Policy.needsNextAccess ? nextAccess[index] : neverAccessedAgain
        if policy.recordAccess(id, nextAccess: next) { continue }
        counts.misses += 1
        let size = max(1, Int(sizes[index]))
        policy.recordMiss(id, size: size)
        guard size <= capacity && policy.admits(size: size) else { continue }
        while used + size > capacity {
            let victim = policy.evict()
            used -= Int(residentSize[Int(victim)])
            counts.evictions += 1
        }
        policy.insert(id, size: size, nextAccess: next)
        residentSize[Int(id)] = Int32(size)
        used += size
    }
    return counts
}
