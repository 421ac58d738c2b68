extension FIFOPolicy: EvictionPolicy {
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
        }
    }

    /// A hit does not reorder a FIFO queue.
    ///
    /// - Complexity: O(1)
    @inline(__always)
    public mutating func recordHit(_ id: EntryID, nextAccess: Int64) {}

    /// - Complexity: O(1)
    @inline(__always)
    public mutating func insert(_ id: EntryID, size: Int, nextAccess: Int64) {
        resident[Int(id)] = true
        links.pushHead(id, &order)
    }

    /// Evicts the oldest insertion.
    ///
    /// - Complexity: O(1)
    @inline(__always)
    public mutating func evict() -> EntryID {
        let victim = links.popTail(&order)
        resident[Int(victim)] = false
        return victim
    }

    /// - Complexity: O(1)
    public mutating func remove(_ id: EntryID) {
        guard resident[Int(id)] else { return }
        links.unlink(id, &order)
        resident[Int(id)] = false
    }

    /// - Complexity: O(1)
    public func metadata(of id: EntryID) -> String { "" }

    /// - Complexity: O(*n*)
    public func checkInvariants() throws {
        try links.checkList(order, name: "FIFO queue") { resident[Int($0)] }
        try require(resident.filter { $0 }.count == order.count, "FIFO: resident flags disagree with the queue")
    }
}
