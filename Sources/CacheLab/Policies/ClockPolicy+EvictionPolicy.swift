extension ClockPolicy: EvictionPolicy {
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
            referenced.append(contentsOf: repeatElement(false, count: idCount - referenced.count))
        }
    }

    /// Sets the reference bit.
    ///
    /// - Complexity: O(1)
    @inline(__always)
    public mutating func recordHit(_ id: EntryID, nextAccess: Int64) {
        referenced[Int(id)] = true
    }

    /// - Complexity: O(1)
    @inline(__always)
    public mutating func insert(_ id: EntryID, size: Int, nextAccess: Int64) {
        resident[Int(id)] = true
        referenced[Int(id)] = false
        links.pushHead(id, &order)
    }

    /// Gives referenced entries a second chance, then evicts the oldest unreferenced one.
    ///
    /// - Complexity: O(1) amortized: each skipped entry had a bit set by an earlier hit.
    @inline(__always)
    public mutating func evict() -> EntryID {
        var candidate = order.tail
        while referenced[Int(candidate)] {
            referenced[Int(candidate)] = false
            links.moveToHead(candidate, &order)
            candidate = order.tail
        }
        links.unlink(candidate, &order)
        resident[Int(candidate)] = false
        return candidate
    }

    /// - Complexity: O(1)
    public mutating func remove(_ id: EntryID) {
        guard resident[Int(id)] else { return }
        links.unlink(id, &order)
        resident[Int(id)] = false
        referenced[Int(id)] = false
    }

    /// `ref=1` or `ref=0`.
    ///
    /// - Complexity: O(1)
    public func metadata(of id: EntryID) -> String { referenced[Int(id)] ? "ref=1" : "ref=0" }

    /// - Complexity: O(*n*)
    public func checkInvariants() throws {
        try links.checkList(order, name: "CLOCK ring") { resident[Int($0)] }
        try require(resident.filter { $0 }.count == order.count, "CLOCK: resident flags disagree with the ring")
    }
}
