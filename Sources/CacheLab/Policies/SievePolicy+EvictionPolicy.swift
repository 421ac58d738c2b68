extension SievePolicy: EvictionPolicy {
    /// - Complexity: O(1)
    public init(capacity: Int, seed: UInt64) {}

    /// - Complexity: O(1)
    public var count: Int { order.count }

    /// - Complexity: O(1)
    @inline(__always)
    public func contains(_ id: EntryID) -> Bool { resident[Int(id)] }

    /// - Complexity: O(*n*) in the number of new ids.
    public mutating func reserveIDs(_ idCount: Int) {
        links.reserve(idCount)
        if idCount > resident.count {
            resident.append(contentsOf: repeatElement(false, count: idCount - resident.count))
            visited.append(contentsOf: repeatElement(false, count: idCount - visited.count))
        }
    }

    /// Marks the entry visited.
    ///
    /// - Complexity: O(1)
    @inline(__always)
    public mutating func recordHit(_ id: EntryID, nextAccess: Int64) {
        visited[Int(id)] = true
    }

    /// - Complexity: O(1)
    @inline(__always)
    public mutating func insert(_ id: EntryID, size: Int, nextAccess: Int64) {
        resident[Int(id)] = true
        visited[Int(id)] = false
        links.pushHead(id, &order)
    }

    /// Moves the hand to the first unvisited entry, clearing bits on the way, and evicts it.
    ///
    /// - Complexity: O(1) amortized: each skipped entry had its bit set by an earlier hit.
    @inline(__always)
    public mutating func evict() -> EntryID {
        var candidate = hand != noEntry ? hand : order.tail
        while visited[Int(candidate)] {
            visited[Int(candidate)] = false
            candidate = links.newer(than: candidate)
            if candidate == noEntry { candidate = order.tail }
        }
        hand = links.newer(than: candidate)
        links.unlink(candidate, &order)
        resident[Int(candidate)] = false
        return candidate
    }

    /// - Complexity: O(1)
    public mutating func remove(_ id: EntryID) {
        guard resident[Int(id)] else { return }
        if hand == id { hand = links.newer(than: id) }
        links.unlink(id, &order)
        resident[Int(id)] = false
        visited[Int(id)] = false
    }

    /// `visited` or `-`; the entry under the hand is marked `hand`.
    ///
    /// - Complexity: O(1)
    public func metadata(of id: EntryID) -> String {
        let bit = visited[Int(id)] ? "visited" : "-"
        return id == hand ? "\(bit) hand" : bit
    }

    /// - Complexity: O(*n*)
    public func checkInvariants() throws {
        try links.checkList(order, name: "SIEVE queue") { resident[Int($0)] }
        try require(resident.filter { $0 }.count == order.count, "SIEVE: resident flags disagree with the queue")
        try require(hand == noEntry || resident[Int(hand)], "SIEVE: the hand points at a non-resident id \(hand)")
    }
}
