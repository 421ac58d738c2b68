extension RandomPolicy: EvictionPolicy {
    /// - Complexity: O(1)
    public init(capacity: Int, seed: UInt64) {
        generator = SeededGenerator(seed: seed)
        slots.reserveCapacity(max(0, min(capacity, 1 << 20)))
    }

    /// - Complexity: O(1)
    public var count: Int { slots.count }

    /// - Complexity: O(1)
    @inline(__always)
    public func contains(_ id: EntryID) -> Bool { slotOf[Int(id)] >= 0 }

    /// - Complexity: O(*n*) in the number of new ids.
    public mutating func reserveIDs(_ idCount: Int) {
        if idCount > slotOf.count {
            slotOf.append(contentsOf: repeatElement(-1, count: idCount - slotOf.count))
        }
    }

    /// - Complexity: O(1)
    @inline(__always)
    public mutating func recordHit(_ id: EntryID, nextAccess: Int64) {}

    /// - Complexity: O(1) amortized.
    @inline(__always)
    public mutating func insert(_ id: EntryID, size: Int, nextAccess: Int64) {
        slotOf[Int(id)] = Int32(slots.count)
        slots.append(id)
    }

    /// Evicts a random resident entry.
    ///
    /// - Complexity: O(1)
    @inline(__always)
    public mutating func evict() -> EntryID {
        let index = generator.nextInt(below: slots.count)
        let victim = slots[index]
        removeSlot(index)
        return victim
    }

    /// - Complexity: O(1)
    public mutating func remove(_ id: EntryID) {
        let index = slotOf[Int(id)]
        guard index >= 0 else { return }
        removeSlot(Int(index))
    }

    /// Swaps the last slot into `index`, so removal is O(1).
    @inline(__always)
    private mutating func removeSlot(_ index: Int) {
        let victim = slots[index]
        let last = slots.removeLast()
        if index < slots.count {
            slots[index] = last
            slotOf[Int(last)] = Int32(index)
        }
        slotOf[Int(victim)] = -1
    }

    /// - Complexity: O(1)
    public func metadata(of id: EntryID) -> String { "" }

    /// - Complexity: O(*n*)
    public func checkInvariants() throws {
        for (index, id) in slots.enumerated() {
            try require(slotOf[Int(id)] == Int32(index), "Random: id \(id) is in slot \(index) but indexed elsewhere")
        }
        try require(slotOf.filter { $0 >= 0 }.count == slots.count, "Random: index map disagrees with slots")
    }
}
