/// ARC (Megiddo and Modha, FAST '03), following libCacheSim's `ARC`.
///
/// T1 holds entries seen once recently and T2 entries seen at least twice; B1 and B2 are their
/// ghost lists (ids only). A hit in a ghost list moves the target size `p` of T1 toward the list
/// that would have hit (by max(|B2|/|B1|, 1) or max(|B1|/|B2|, 1), as a real number like
/// libCacheSim), and the entry returns straight to T2.
public struct ARCPolicy: Sendable {
    enum Place: UInt8, Sendable { case none, t1, t2, b1, b2 }

    var links = LinkedSlots()
    var placeOf: [Place] = []
    var sizeOf: [Int32] = []
    var t1 = ListEnds(), t2 = ListEnds(), b1 = ListEnds(), b2 = ListEnds()
    var t1Used = 0, t2Used = 0, b1Used = 0, b2Used = 0
    /// The target size of T1.
    var target = 0.0
    let capacity: Int
    /// Which ghost list the current miss was found in, if any.
    var missGhost = Place.none
    var incomingSize = 1
}

extension ARCPolicy {
    /// The paper's REPLACE: moves the LRU end of T1 or of T2 to its ghost list.
    @inline(__always)
    mutating func replace() -> EntryID {
        let fromT1 = (t1Used > 0 && (Double(t1Used) > target || (Double(t1Used) == target && missGhost == .b2)))
            || t2Used == 0
        let victim: EntryID
        if fromT1 {
            victim = links.popTail(&t1)
            let size = Int(sizeOf[Int(victim)])
            t1Used -= size
            links.pushHead(victim, &b1)
            b1Used += size
            placeOf[Int(victim)] = .b1
        } else {
            victim = links.popTail(&t2)
            let size = Int(sizeOf[Int(victim)])
            t2Used -= size
            links.pushHead(victim, &b2)
            b2Used += size
            placeOf[Int(victim)] = .b2
        }
        return victim
    }

    /// Drops the LRU end of a ghost list.
    @inline(__always)
    mutating func forgetOldestGhost(_ place: Place) {
        if place == .b1 {
            let id = links.popTail(&b1)
            b1Used -= Int(sizeOf[Int(id)])
            placeOf[Int(id)] = .none
        } else {
            let id = links.popTail(&b2)
            b2Used -= Int(sizeOf[Int(id)])
            placeOf[Int(id)] = .none
        }
    }

    /// The paper's case IV: a miss in all four lists.
    @inline(__always)
    mutating func evictOnFullMiss() -> EntryID {
        if t1Used + b1Used + incomingSize > capacity {
            if b1Used > 0 {
                forgetOldestGhost(.b1)
                return replace()
            }
            let victim = links.popTail(&t1)
            t1Used -= Int(sizeOf[Int(victim)])
            placeOf[Int(victim)] = .none
            return victim
        }
        if t1Used + b1Used + t2Used + b2Used >= 2 * capacity && b2Used > 0 {
            forgetOldestGhost(.b2)
        }
        return replace()
    }
}
