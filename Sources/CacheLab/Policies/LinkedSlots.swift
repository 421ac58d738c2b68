/// The two ends of one list threaded through ``LinkedSlots``.
///
/// `head` is the most recently added entry and `tail` the oldest; policies evict from the tail.
struct ListEnds: Hashable, Sendable {
    var head: EntryID = noEntry
    var tail: EntryID = noEntry
    var count = 0
}

/// Doubly linked lists over dense ids, stored as two flat arrays.
///
/// An id is in at most one list at a time, so one pair of arrays serves all of a policy's lists
/// (ARC's four, S3-FIFO's three, LFU's one per frequency). No node is ever allocated.
struct LinkedSlots: Sendable {
    /// Toward the head (newer) neighbour.
    private(set) var prev: [EntryID] = []
    /// Toward the tail (older) neighbour.
    private(set) var next: [EntryID] = []

    /// - Complexity: O(*n*) in the number of new ids.
    mutating func reserve(_ idCount: Int) {
        if idCount > prev.count {
            prev.append(contentsOf: repeatElement(noEntry, count: idCount - prev.count))
            next.append(contentsOf: repeatElement(noEntry, count: idCount - next.count))
        }
    }

    /// Adds `id` at the head of `list`.
    ///
    /// - Complexity: O(1)
    @inline(__always)
    mutating func pushHead(_ id: EntryID, _ list: inout ListEnds) {
        let i = Int(id)
        prev[i] = noEntry
        next[i] = list.head
        if list.head != noEntry {
            prev[Int(list.head)] = id
        } else {
            list.tail = id
        }
        list.head = id
        list.count += 1
    }

    /// Unlinks `id`, which must be in `list`.
    ///
    /// - Complexity: O(1)
    @inline(__always)
    mutating func unlink(_ id: EntryID, _ list: inout ListEnds) {
        let i = Int(id)
        let p = prev[i]
        let n = next[i]
        if p != noEntry { next[Int(p)] = n } else { list.head = n }
        if n != noEntry { prev[Int(n)] = p } else { list.tail = p }
        list.count -= 1
    }

    /// Moves `id`, which must be in `list`, to its head.
    ///
    /// - Complexity: O(1)
    @inline(__always)
    mutating func moveToHead(_ id: EntryID, _ list: inout ListEnds) {
        guard list.head != id else { return }
        unlink(id, &list)
        pushHead(id, &list)
    }

    /// Removes and returns the tail of the non-empty `list`.
    ///
    /// - Complexity: O(1)
    @inline(__always)
    mutating func popTail(_ list: inout ListEnds) -> EntryID {
        let id = list.tail
        unlink(id, &list)
        return id
    }

    /// The neighbour of `id` toward the head, or ``noEntry``.
    @inline(__always)
    func newer(than id: EntryID) -> EntryID { prev[Int(id)] }

    /// The ids of `list` from tail to head: oldest first.
    ///
    /// - Complexity: O(*n*) in the list's length.
    func idsOldestFirst(_ list: ListEnds) -> [EntryID] {
        var ids: [EntryID] = []
        ids.reserveCapacity(list.count)
        var id = list.tail
        while id != noEntry {
            ids.append(id)
            id = prev[Int(id)]
        }
        return ids
    }

    /// Checks that `list` is well linked in both directions and holds exactly `list.count` ids,
    /// each satisfying `member`.
    func checkList(_ list: ListEnds, name: String, member: (EntryID) -> Bool) throws {
        var seen = 0
        var id = list.head
        var last = noEntry
        while id != noEntry {
            try require(seen < list.count, "\(name): more ids linked than its count \(list.count)")
            try require(prev[Int(id)] == last, "\(name): id \(id) has a wrong back link")
            try require(member(id), "\(name): id \(id) is linked here but marked elsewhere")
            last = id
            id = next[Int(id)]
            seen += 1
        }
        try require(seen == list.count, "\(name): \(seen) ids linked, count says \(list.count)")
        try require(list.tail == last, "\(name): tail \(list.tail) is not the last id \(last)")
    }
}
