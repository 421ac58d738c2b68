/// The cache and write queue at one instant, for the notebook's `state` view.
public struct Snapshot: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var key: String
        /// `nil` for a cached "not found".
        public var value: String?
        public var dirty: Bool
        /// Time to live left, or `nil` if the entry does not expire.
        public var ttlLeft: VirtualTime?
        /// The policy's view: `freq=2`, `visited`, `small freq=1`, `T2`, …
        public var metadata: String
    }

    public var time: VirtualTime
    /// Resident entries in eviction order, next victim first.
    public var entries: [Entry]
    /// Writes not yet in the store, in the order they will be written.
    public var pendingWrites: [PendingWrite]
    /// How many removals the cache had made when the snapshot was taken.
    var removalCount: Int

    /// The entry for `key`, if resident.
    ///
    /// - Complexity: O(*n*)
    public func entry(_ key: String) -> Entry? { entries.first { $0.key == key } }
}

/// What changed between two snapshots.
public struct SnapshotDiff: Sendable, Hashable {
    /// One entry's value before and after.
    public struct Update: Sendable, Hashable {
        public var before: Snapshot.Entry
        public var after: Snapshot.Entry
    }

    public var added: [Snapshot.Entry] = []
    public var evicted: [Snapshot.Entry] = []
    public var expired: [Snapshot.Entry] = []
    /// Deleted, invalidated, or lost in a crash or restart.
    public var removed: [Snapshot.Entry] = []
    /// Entries whose value changed.
    public var updated: [Update] = []
    public var turnedClean: [Snapshot.Entry] = []
    public var turnedDirty: [Snapshot.Entry] = []
    /// Writes that left the queue (flushed, dropped or lost) and writes that joined it, by key.
    public var writesFlushed: [String] = []
    public var writesQueued: [String] = []

    public var isEmpty: Bool {
        added.isEmpty && evicted.isEmpty && expired.isEmpty && removed.isEmpty && updated.isEmpty
            && turnedClean.isEmpty && turnedDirty.isEmpty && writesFlushed.isEmpty && writesQueued.isEmpty
    }
}

extension Simulation {
    /// The cache's contents in eviction order and the pending writes, now.
    ///
    /// - Complexity: O(*n*) evictions on a copy of the policy.
    public func snapshot() -> Snapshot {
        let entries = cache.residents().map { key, entry, metadata in
            Snapshot.Entry(
                key: key, value: entry.value, dirty: entry.dirty,
                ttlLeft: entry.expiresAt.map { Swift.max(.zero, $0 - now) }, metadata: metadata)
        }
        return Snapshot(time: now, entries: entries, pendingWrites: writeBack.pending, removalCount: cache.removals.count)
    }

    /// What changed from `before` to `after` (both taken from this simulation, in that order).
    /// Entries that left are classified by why they last left: evicted, expired or removed.
    ///
    /// - Complexity: O(*n* + *r*) in the entries and the removals between the snapshots.
    public func diff(from before: Snapshot, to after: Snapshot) -> SnapshotDiff {
        var reasons: [String: KeyedCache.Removal] = [:]
        let removals = cache.removals
        for index in Swift.min(before.removalCount, removals.count)..<Swift.min(after.removalCount, removals.count) {
            reasons[removals[index].key] = removals[index].reason
        }
        var diff = SnapshotDiff()
        let old = Dictionary(before.entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(after.entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        // Walk the snapshots' own orders so the diff is deterministic. A key that left the cache
        // and came back in between (expired on a read, then loaded again) is both: it left, and
        // it was added.
        for entry in before.entries where new[entry.key] == nil || reasons[entry.key] != nil {
            switch reasons[entry.key] ?? .removed {
            case .evicted: diff.evicted.append(entry)
            case .expired: diff.expired.append(entry)
            case .removed: diff.removed.append(entry)
            }
        }
        for entry in after.entries {
            guard let previous = old[entry.key], reasons[entry.key] == nil else {
                diff.added.append(entry)
                continue
            }
            if previous.value != entry.value { diff.updated.append(SnapshotDiff.Update(before: previous, after: entry)) }
            if previous.dirty && !entry.dirty { diff.turnedClean.append(entry) }
            if !previous.dirty && entry.dirty { diff.turnedDirty.append(entry) }
        }
        let beforeWrites = before.pendingWrites.map(\.key)
        let afterWrites = after.pendingWrites.map(\.key)
        diff.writesFlushed = beforeWrites.filter { !afterWrites.contains($0) }
        diff.writesQueued = afterWrites.filter { !beforeWrites.contains($0) }
        return diff
    }

    /// Throws ``InvariantViolation`` if the cache's structures disagree (tests turn this on).
    ///
    /// - Complexity: O(*k*) in the keys ever cached.
    public func checkInvariants() throws {
        try cache.checkInvariants()
        for entry in snapshot().entries where entry.dirty {
            try require(pendingValue(entry.key) != nil, "write-back: \(entry.key) is dirty with no pending write")
        }
    }
}
