extension ARCPolicy: EvictionPolicy {
    /// - Complexity: O(1)
    public init(capacity: Int, seed: UInt64) {
        self.capacity = capacity
    }

    /// - Complexity: O(1)
    public var count: Int { t1.count + t2.count }

    /// - Complexity: O(1)
    @inline(__always)
    public func contains(_ id: EntryID) -> Bool {
        let place = placeOf[Int(id)]
        return place == .t1 || place == .t2
    }

    /// - Complexity: O(*n*) in the number of new ids.
    public mutating func reserveIDs(_ idCount: Int) {
        links.reserve(idCount)
        if idCount > placeOf.count {
            let added = idCount - placeOf.count
            placeOf.append(contentsOf: repeatElement(.none, count: added))
            sizeOf.append(contentsOf: repeatElement(0, count: added))
        }
    }

    /// Moves a T1 entry to T2, or a T2 entry to T2's head.
    ///
    /// - Complexity: O(1)
    @inline(__always)
    public mutating func recordHit(_ id: EntryID, nextAccess: Int64) {
        if placeOf[Int(id)] == .t1 {
            let size = Int(sizeOf[Int(id)])
            links.unlink(id, &t1)
            t1Used -= size
            links.pushHead(id, &t2)
            t2Used += size
            placeOf[Int(id)] = .t2
        } else {
            links.moveToHead(id, &t2)
        }
    }

    /// Adapts the target on a ghost hit and takes the id out of its ghost list.
    ///
    /// - Complexity: O(1)
    @inline(__always)
    public mutating func recordMiss(_ id: EntryID, size: Int) {
        incomingSize = size
        missGhost = placeOf[Int(id)]
        switch missGhost {
        case .b1:
            target = min(target + max(Double(b2Used) / Double(b1Used), 1), Double(capacity))
            links.unlink(id, &b1)
            b1Used -= Int(sizeOf[Int(id)])
            placeOf[Int(id)] = .none
        case .b2:
            target = max(target - max(Double(b1Used) / Double(b2Used), 1), 0)
            links.unlink(id, &b2)
            b2Used -= Int(sizeOf[Int(id)])
            placeOf[Int(id)] = .none
        case .none, .t1, .t2:
            missGhost = .none
        }
    }

    /// Inserts into T2 after a ghost hit, otherwise into T1.
    ///
    /// - Complexity: O(1)
    @inline(__always)
    public mutating func insert(_ id: EntryID, size: Int, nextAccess: Int64) {
        sizeOf[Int(id)] = Int32(clamping: size)
        if missGhost != .none {
            links.pushHead(id, &t2)
            t2Used += size
            placeOf[Int(id)] = .t2
        } else {
            links.pushHead(id, &t1)
            t1Used += size
            placeOf[Int(id)] = .t1
        }
        missGhost = .none
    }

    /// - Complexity: O(1)
    @inline(__always)
    public mutating func evict() -> EntryID {
        missGhost != .none ? replace() : evictOnFullMiss()
    }

    /// - Complexity: O(1)
    public mutating func remove(_ id: EntryID) {
        let size = Int(sizeOf[Int(id)])
        switch placeOf[Int(id)] {
        case .none: return
        case .t1: links.unlink(id, &t1); t1Used -= size
        case .t2: links.unlink(id, &t2); t2Used -= size
        case .b1: links.unlink(id, &b1); b1Used -= size
        case .b2: links.unlink(id, &b2); b2Used -= size
        }
        placeOf[Int(id)] = .none
    }

    /// `T1` or `T2`.
    ///
    /// - Complexity: O(1)
    public func metadata(of id: EntryID) -> String { placeOf[Int(id)] == .t1 ? "T1" : "T2" }

    /// - Complexity: O(*n*)
    public func checkInvariants() throws {
        let lists: [(ListEnds, Place, Int, String)] = [
            (t1, .t1, t1Used, "T1"), (t2, .t2, t2Used, "T2"), (b1, .b1, b1Used, "B1"), (b2, .b2, b2Used, "B2"),
        ]
        for (list, place, used, name) in lists {
            try links.checkList(list, name: "ARC \(name)") { placeOf[Int($0)] == place }
            let sum = links.idsOldestFirst(list).reduce(0) { $0 + Int(sizeOf[Int($1)]) }
            try require(sum == used, "ARC: \(name) size \(used) should be \(sum)")
        }
        try require(target >= 0 && target <= Double(capacity), "ARC: target \(target) out of range")
    }
}
