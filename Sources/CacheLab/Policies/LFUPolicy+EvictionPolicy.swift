extension LFUPolicy: EvictionPolicy {
    /// - Complexity: O(1)
    public init(capacity: Int, seed: UInt64) {}

    /// - Complexity: O(1)
    public var count: Int { residentCount }

    /// - Complexity: O(1)
    @inline(__always)
    public func contains(_ id: EntryID) -> Bool { bucketOf[Int(id)] != noEntry }

    /// - Complexity: O(*n*) in the number of new ids.
    public mutating func reserveIDs(_ idCount: Int) {
        links.reserve(idCount)
        if idCount > bucketOf.count {
            bucketOf.append(contentsOf: repeatElement(noEntry, count: idCount - bucketOf.count))
        }
    }

    /// Moves `id` to the bucket one use higher, creating it if needed.
    ///
    /// - Complexity: O(1)
    @inline(__always)
    public mutating func recordHit(_ id: EntryID, nextAccess: Int64) {
        let from = bucketOf[Int(id)]
        let uses = buckets[Int(from)].uses + 1
        var to = buckets[Int(from)].higher
        let higherMatches = to != noEntry && buckets[Int(to)].uses == uses
        if !higherMatches && buckets[Int(from)].entries.count == 1 {
            // Alone in its bucket with no bucket above to join: renumber the bucket in place.
            // Hot keys hit this case on almost every access.
            buckets[Int(from)].uses = uses
            return
        }
        if !higherMatches {
            to = makeBucket(uses: uses, lower: from, higher: to)
        }
        links.unlink(id, &buckets[Int(from)].entries)
        links.pushHead(id, &buckets[Int(to)].entries)
        bucketOf[Int(id)] = to
        if buckets[Int(from)].entries.count == 0 { dropBucket(from) }
    }

    /// Inserts `id` with one use.
    ///
    /// - Complexity: O(1)
    @inline(__always)
    public mutating func insert(_ id: EntryID, size: Int, nextAccess: Int64) {
        var bucket = lowest
        if bucket == noEntry || buckets[Int(bucket)].uses != 1 {
            bucket = makeBucket(uses: 1, lower: noEntry, higher: lowest)
        }
        links.pushHead(id, &buckets[Int(bucket)].entries)
        bucketOf[Int(id)] = bucket
        residentCount += 1
    }

    /// Evicts the least recently used entry among those with the fewest uses.
    ///
    /// - Complexity: O(1)
    @inline(__always)
    public mutating func evict() -> EntryID {
        let bucket = lowest
        let victim = links.popTail(&buckets[Int(bucket)].entries)
        bucketOf[Int(victim)] = noEntry
        residentCount -= 1
        if buckets[Int(bucket)].entries.count == 0 { dropBucket(bucket) }
        return victim
    }

    /// - Complexity: O(1)
    public mutating func remove(_ id: EntryID) {
        let bucket = bucketOf[Int(id)]
        guard bucket != noEntry else { return }
        links.unlink(id, &buckets[Int(bucket)].entries)
        bucketOf[Int(id)] = noEntry
        residentCount -= 1
        if buckets[Int(bucket)].entries.count == 0 { dropBucket(bucket) }
    }

    /// `freq=N`.
    ///
    /// - Complexity: O(1)
    public func metadata(of id: EntryID) -> String { "freq=\(uses(of: id))" }

    /// - Complexity: O(*n*)
    public func checkInvariants() throws {
        var total = 0
        var bucket = lowest
        var previous: Int32 = noEntry
        var previousUses = 0
        while bucket != noEntry {
            let b = buckets[Int(bucket)]
            try require(b.lower == previous, "LFU: bucket \(bucket) has a wrong lower link")
            try require(b.uses > previousUses, "LFU: bucket counts are not increasing at \(b.uses)")
            try require(b.entries.count > 0, "LFU: empty bucket for \(b.uses) uses left in the list")
            try links.checkList(b.entries, name: "LFU bucket \(b.uses)") { bucketOf[Int($0)] == bucket }
            total += b.entries.count
            previous = bucket
            previousUses = b.uses
            bucket = b.higher
        }
        try require(total == residentCount, "LFU: \(total) entries in buckets, count says \(residentCount)")
        try require(bucketOf.filter { $0 != noEntry }.count == residentCount, "LFU: bucket map disagrees with count")
    }
}
