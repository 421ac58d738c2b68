/// The scenario's cache: string keys over an ``EvictionPolicy`` on dense ids.
///
/// The dictionary maps a key to its id for lookup only; the victim and every listing come from
/// the policy or from id order, never from dictionary order.
struct KeyedCache {
    struct Entry: Sendable, Hashable {
        /// `nil` for a cached "not found" (negative caching).
        var value: String?
        var dirty = false
        var expiresAt: VirtualTime?
        var size = 1
    }

    /// Why an entry left the cache, for snapshot diffs.
    enum Removal: Sendable, Hashable {
        case evicted, expired, removed
    }

    let configuration: CacheConfiguration
    let seed: UInt64
    private var idOf: [String: EntryID] = [:]
    private(set) var keyOf: [String] = []
    private var entries: [Entry?] = []
    private var policy: any EvictionPolicy
    private(set) var count = 0
    private(set) var usedBytes = 0
    private(set) var peakCount = 0
    /// Every removal in order, so a diff between two snapshots can say why an entry left.
    private(set) var removals: [(key: String, reason: Removal)] = []

    init(configuration: CacheConfiguration, seed: UInt64) {
        self.configuration = configuration
        self.seed = seed
        policy = configuration.policy.makePolicy(capacity: configuration.byteBudget ?? configuration.capacity, seed: seed)
    }

    /// The id of `key`, allocating one the first time.
    private mutating func id(for key: String) -> EntryID {
        if let id = idOf[key] { return id }
        let id = EntryID(keyOf.count)
        idOf[key] = id
        keyOf.append(key)
        entries.append(nil)
        policy.reserveIDs(keyOf.count)
        return id
    }

    /// The entry for `key` without touching the policy.
    func peek(_ key: String) -> Entry? {
        idOf[key].flatMap { entries[Int($0)] }
    }

    /// Looks `key` up at `now`: an expired entry is removed and reported as such.
    ///
    /// - Complexity: O(1) amortized.
    mutating func lookup(_ key: String, now: VirtualTime) -> (entry: Entry?, expired: Bool) {
        guard let id = idOf[key], let entry = entries[Int(id)] else { return (nil, false) }
        if let expiresAt = entry.expiresAt, expiresAt <= now {
            drop(id, reason: .expired)
            return (nil, true)
        }
        _ = policy.recordAccess(id, nextAccess: neverAccessedAgain)
        return (entry, false)
    }

    /// Stores `entry` under `key`, evicting as needed, and returns the evicted entries in order.
    ///
    /// With `onlyIfAbsent`, an existing entry is left alone and `nil` is returned.
    /// - Complexity: O(1) amortized per eviction.
    mutating func store(_ key: String, _ entry: Entry, onlyIfAbsent: Bool = false) -> [(key: String, entry: Entry)]? {
        let id = id(for: key)
        if let old = entries[Int(id)] {
            if onlyIfAbsent { return nil }
            entries[Int(id)] = entry
            usedBytes += entry.size - old.size
            _ = policy.recordAccess(id, nextAccess: neverAccessedAgain)
            return evictOverBudget(protecting: id)
        }
        policy.recordMiss(id, size: entry.size)
        var evicted: [(key: String, entry: Entry)] = []
        while count > 0 && (count >= configuration.capacity || overBudget(adding: entry.size)) {
            let victim = policy.evict()
            evicted.append((keyOf[Int(victim)], entries[Int(victim)]!))
            forget(victim, reason: .evicted)
        }
        policy.insert(id, size: entry.size, nextAccess: neverAccessedAgain)
        entries[Int(id)] = entry
        count += 1
        usedBytes += entry.size
        peakCount = max(peakCount, count)
        return evicted
    }

    private func overBudget(adding size: Int) -> Bool {
        guard let budget = configuration.byteBudget else { return false }
        return usedBytes + size > budget
    }

    /// After an in-place update grew an entry, evicts others until the byte budget holds again.
    private mutating func evictOverBudget(protecting id: EntryID) -> [(key: String, entry: Entry)] {
        var evicted: [(key: String, entry: Entry)] = []
        while count > 1 && overBudget(adding: 0) {
            let victim = policy.evict()
            if victim == id {
                policy.insert(id, size: entries[Int(id)]!.size, nextAccess: neverAccessedAgain)
                continue
            }
            evicted.append((keyOf[Int(victim)], entries[Int(victim)]!))
            forget(victim, reason: .evicted)
        }
        return evicted
    }

    /// Changes an entry's fields without counting an access (marking it clean, for example).
    mutating func update(_ key: String, _ change: (inout Entry) -> Void) {
        guard let id = idOf[key], var entry = entries[Int(id)] else { return }
        change(&entry)
        entries[Int(id)] = entry
    }

    /// Removes `key` (a delete or an invalidation); returns the entry it held.
    ///
    /// - Complexity: O(1) (O(log *n*) for Belady).
    @discardableResult
    mutating func remove(_ key: String) -> Entry? {
        guard let id = idOf[key], let entry = entries[Int(id)] else { return nil }
        drop(id, reason: .removed)
        return entry
    }

    /// Removes every entry that has expired by `now`, in id order; returns their keys.
    ///
    /// - Complexity: O(*k*) in the number of keys ever seen.
    mutating func sweep(now: VirtualTime) -> [String] {
        var expired: [String] = []
        for index in entries.indices {
            if let expiresAt = entries[index]?.expiresAt, expiresAt <= now {
                expired.append(keyOf[index])
                drop(EntryID(index), reason: .expired)
            }
        }
        return expired
    }

    /// Empties the cache (a crash or a restart): a fresh policy, no entries.
    mutating func clear() {
        for index in entries.indices where entries[index] != nil {
            removals.append((keyOf[index], .removed))
            entries[index] = nil
        }
        policy = configuration.policy.makePolicy(capacity: configuration.byteBudget ?? configuration.capacity, seed: seed)
        policy.reserveIDs(keyOf.count)
        count = 0
        usedBytes = 0
    }

    private mutating func drop(_ id: EntryID, reason: Removal) {
        policy.remove(id)
        forget(id, reason: reason)
    }

    private mutating func forget(_ id: EntryID, reason: Removal) {
        usedBytes -= entries[Int(id)]!.size
        entries[Int(id)] = nil
        count -= 1
        removals.append((keyOf[Int(id)], reason))
    }

    /// The resident keys in eviction order, next victim first, with their entries and the
    /// policy's metadata.
    ///
    /// - Complexity: O(*n*) evictions on a copy of the policy.
    func residents() -> [(key: String, entry: Entry, metadata: String)] {
        policy.residentsInEvictionOrder().map { id in
            (keyOf[Int(id)], entries[Int(id)]!, policy.metadata(of: id))
        }
    }

    /// Throws ``InvariantViolation`` if the entries, sizes and policy disagree.
    func checkInvariants() throws {
        try policy.checkInvariants()
        try require(policy.count == count, "cache: policy holds \(policy.count), cache counts \(count)")
        try require(count <= configuration.capacity, "cache: \(count) entries over capacity \(configuration.capacity)")
        let resident = entries.compactMap { $0 }
        try require(resident.count == count, "cache: \(resident.count) entries stored, count says \(count)")
        try require(resident.reduce(0) { $0 + $1.size } == usedBytes, "cache: used bytes \(usedBytes) wrong")
        if let budget = configuration.byteBudget {
            try require(usedBytes <= budget || count <= 1, "cache: \(usedBytes) bytes over the budget \(budget)")
        }
        for (index, entry) in entries.enumerated() where entry != nil {
            try require(policy.contains(EntryID(index)), "cache: \(keyOf[index]) stored but not in the policy")
        }
    }
}
