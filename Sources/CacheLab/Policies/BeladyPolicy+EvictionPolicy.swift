extension BeladyPolicy: EvictionPolicy {
    /// - Complexity: O(1)
    public init(capacity: Int, seed: UInt64) {}

    public static var needsNextAccess: Bool { true }

    /// - Complexity: O(1)
    public var count: Int { heap.count }

    /// - Complexity: O(1)
    @inline(__always)
    public func contains(_ id: EntryID) -> Bool { heapIndex[Int(id)] >= 0 }

    /// - Complexity: O(*n*) in the number of new ids.
    public mutating func reserveIDs(_ idCount: Int) {
        if idCount > heapIndex.count {
            heapIndex.append(contentsOf: repeatElement(-1, count: idCount - heapIndex.count))
            nextAccess.append(contentsOf: repeatElement(neverAccessedAgain, count: idCount - nextAccess.count))
        }
    }

    /// Moves `id` to its new next-access position in the heap.
    ///
    /// - Complexity: O(log *n*)
    @inline(__always)
    public mutating func recordHit(_ id: EntryID, nextAccess next: Int64) {
        nextAccess[Int(id)] = next
        let index = Int(heapIndex[Int(id)])
        siftUp(index)
        siftDown(Int(heapIndex[Int(id)]))
    }

    /// - Complexity: O(log *n*)
    @inline(__always)
    public mutating func insert(_ id: EntryID, size: Int, nextAccess next: Int64) {
        nextAccess[Int(id)] = next
        heap.append(id)
        heapIndex[Int(id)] = Int32(heap.count - 1)
        siftUp(heap.count - 1)
    }

    /// Evicts the entry needed furthest in the future.
    ///
    /// - Complexity: O(log *n*)
    @inline(__always)
    public mutating func evict() -> EntryID {
        let victim = heap[0]
        removeHeapElement(at: 0)
        return victim
    }

    /// - Complexity: O(log *n*)
    public mutating func remove(_ id: EntryID) {
        let index = heapIndex[Int(id)]
        guard index >= 0 else { return }
        removeHeapElement(at: Int(index))
    }

    /// `next=T` or `next=never`.
    ///
    /// - Complexity: O(1)
    public func metadata(of id: EntryID) -> String {
        let next = nextAccess[Int(id)]
        return next == neverAccessedAgain ? "next=never" : "next=\(next)"
    }

    /// - Complexity: O(*n*)
    public func checkInvariants() throws {
        for (index, id) in heap.enumerated() {
            try require(heapIndex[Int(id)] == Int32(index), "Belady: id \(id) misindexed")
            if index > 0 {
                try require(!evictsBefore(id, heap[(index - 1) / 2]), "Belady: heap order broken at \(index)")
            }
        }
        try require(heapIndex.filter { $0 >= 0 }.count == heap.count, "Belady: index map disagrees with heap")
    }
}
