/// S3-FIFO (Yang et al., SOSP '23), following libCacheSim's original implementation (`S3FIFOv0`,
/// the one the paper used) with its default parameters.
///
/// - A small FIFO queue of 10% of the capacity, a main FIFO queue of the rest, and a ghost FIFO
///   of ids only, of 90% of the capacity (the main queue's size).
/// - A miss whose id is in the ghost queue goes to the main queue; other misses go to the small
///   queue. (libCacheSim's newer `S3FIFO` sends misses to the main queue while the small one is
///   full and nothing was evicted yet; the conformance figures are the original's.)
/// - Each hit adds one to a counter capped at 3.
/// - Evicting from the small queue promotes an entry seen twice or more (counter ≥ 2) to the
///   main queue and moves the first other one to the ghost queue.
/// - The main queue is a CLOCK with a 2-bit counter: an entry with a nonzero counter goes back to
///   the head with the counter decremented.
/// - The main queue is evicted from when it is over its share or the small queue is empty.
///
/// Unlike libCacheSim, the small queue holds at least one unit, so caches of fewer than ten
/// entries still work.
public struct S3FIFOPolicy: Sendable {
    enum Queue: UInt8, Sendable { case none, small, main, ghost }

    var links = LinkedSlots()
    var queueOf: [Queue] = []
    var frequency: [UInt8] = []
    var sizeOf: [Int32] = []
    var small = ListEnds()
    var main = ListEnds()
    var ghost = ListEnds()
    var smallUsed = 0
    var mainUsed = 0
    var ghostUsed = 0
    let smallCapacity: Int
    let mainCapacity: Int
    let ghostCapacity: Int
    /// Whether the current miss found its id in the ghost queue.
    var missHitGhost = false

    static let promotionThreshold: UInt8 = 2
    static let maximumFrequency: UInt8 = 3
}

extension S3FIFOPolicy {
    /// Adds `id` to the ghost queue, dropping the oldest ghosts to stay within its capacity.
    ///
    /// - Complexity: O(1) amortized.
    @inline(__always)
    mutating func remember(_ id: EntryID, size: Int) {
        guard size <= ghostCapacity else { return }
        while ghostUsed + size > ghostCapacity {
            let forgotten = links.popTail(&ghost)
            ghostUsed -= Int(sizeOf[Int(forgotten)])
            queueOf[Int(forgotten)] = .none
        }
        links.pushHead(id, &ghost)
        queueOf[Int(id)] = .ghost
        ghostUsed += size
    }

    /// Evicts from the small queue; returns `nil` if it emptied by promoting everything.
    @inline(__always)
    mutating func evictSmall() -> EntryID? {
        while small.count > 0 {
            let candidate = links.popTail(&small)
            let size = Int(sizeOf[Int(candidate)])
            smallUsed -= size
            if frequency[Int(candidate)] >= Self.promotionThreshold {
                links.pushHead(candidate, &main)
                queueOf[Int(candidate)] = .main
                frequency[Int(candidate)] = 0
                mainUsed += size
            } else {
                remember(candidate, size: size)
                return candidate
            }
        }
        return nil
    }

    /// Evicts from the main queue, reinserting entries whose counter is nonzero.
    @inline(__always)
    mutating func evictMain() -> EntryID {
        while true {
            let candidate = main.tail
            let uses = frequency[Int(candidate)]
            if uses >= 1 {
                links.moveToHead(candidate, &main)
                frequency[Int(candidate)] = min(uses, Self.maximumFrequency) - 1
            } else {
                links.unlink(candidate, &main)
                mainUsed -= Int(sizeOf[Int(candidate)])
                queueOf[Int(candidate)] = .none
                return candidate
            }
        }
    }
}
