extension S3FIFOPolicy: EvictionPolicy {
    /// - Complexity: O(1)
    public init(capacity: Int, seed: UInt64) {
        smallCapacity = max(1, capacity / 10)
        mainCapacity = max(0, capacity - smallCapacity)
        // libCacheSim sizes the ghost queue at 90% of the cache: the main queue's share.
        ghostCapacity = capacity * 9 / 10
    }

    /// - Complexity: O(1)
    public var count: Int { small.count + main.count }

    /// - Complexity: O(1)
    @inline(__always)
    public func contains(_ id: EntryID) -> Bool {
        let queue = queueOf[Int(id)]
        return queue == .small || queue == .main
    }

    /// - Complexity: O(*n*) in the number of new ids.
    public mutating func reserveIDs(_ idCount: Int) {
        links.reserve(idCount)
        if idCount > queueOf.count {
            let added = idCount - queueOf.count
            queueOf.append(contentsOf: repeatElement(.none, count: added))
            frequency.append(contentsOf: repeatElement(0, count: added))
            sizeOf.append(contentsOf: repeatElement(0, count: added))
        }
    }

    /// Counts a use, up to 3.
    ///
    /// - Complexity: O(1)
    @inline(__always)
    public mutating func recordHit(_ id: EntryID, nextAccess: Int64) {
        let uses = frequency[Int(id)]
        if uses < Self.maximumFrequency { frequency[Int(id)] = uses + 1 }
    }

    /// Takes `id` out of the ghost queue if it is there, so the insert goes to the main queue.
    ///
    /// - Complexity: O(1)
    @inline(__always)
    public mutating func recordMiss(_ id: EntryID, size: Int) {
        missHitGhost = false
        if queueOf[Int(id)] == .ghost {
            links.unlink(id, &ghost)
            ghostUsed -= Int(sizeOf[Int(id)])
            queueOf[Int(id)] = .none
            missHitGhost = true
        }
    }

    /// Objects larger than the small queue are never cached (libCacheSim's `can_insert`).
    ///
    /// - Complexity: O(1)
    public func admits(size: Int) -> Bool { size <= smallCapacity }

    /// - Complexity: O(1)
    @inline(__always)
    public mutating func insert(_ id: EntryID, size: Int, nextAccess: Int64) {
        sizeOf[Int(id)] = Int32(clamping: size)
        frequency[Int(id)] = 0
        if missHitGhost {
            links.pushHead(id, &main)
            queueOf[Int(id)] = .main
            mainUsed += size
        } else {
            links.pushHead(id, &small)
            queueOf[Int(id)] = .small
            smallUsed += size
        }
        missHitGhost = false
    }

    /// - Complexity: O(1) amortized.
    @inline(__always)
    public mutating func evict() -> EntryID {
        while true {
            if mainUsed > mainCapacity || small.count == 0 {
                return evictMain()
            }
            if let victim = evictSmall() { return victim }
        }
    }

    /// - Complexity: O(1)
    public mutating func remove(_ id: EntryID) {
        let size = Int(sizeOf[Int(id)])
        switch queueOf[Int(id)] {
        case .none: return
        case .small:
            links.unlink(id, &small)
            smallUsed -= size
        case .main:
            links.unlink(id, &main)
            mainUsed -= size
        case .ghost:
            links.unlink(id, &ghost)
            ghostUsed -= size
        }
        queueOf[Int(id)] = .none
    }

    /// `small freq=N` or `main freq=N`.
    ///
    /// - Complexity: O(1)
    public func metadata(of id: EntryID) -> String {
        let queue = queueOf[Int(id)] == .small ? "small" : "main"
        return "\(queue) freq=\(frequency[Int(id)])"
    }

    /// - Complexity: O(*n*)
    public func checkInvariants() throws {
        try links.checkList(small, name: "S3-FIFO small") { queueOf[Int($0)] == .small }
        try links.checkList(main, name: "S3-FIFO main") { queueOf[Int($0)] == .main }
        try links.checkList(ghost, name: "S3-FIFO ghost") { queueOf[Int($0)] == .ghost }
        func used(_ list: ListEnds) -> Int { links.idsOldestFirst(list).reduce(0) { $0 + Int(sizeOf[Int($1)]) } }
        try require(used(small) == smallUsed, "S3-FIFO: small queue size \(smallUsed) is wrong")
        try require(used(main) == mainUsed, "S3-FIFO: main queue size \(mainUsed) is wrong")
        try require(used(ghost) == ghostUsed, "S3-FIFO: ghost queue size \(ghostUsed) is wrong")
        try require(ghostUsed <= ghostCapacity, "S3-FIFO: ghost queue over its capacity")
    }
}
