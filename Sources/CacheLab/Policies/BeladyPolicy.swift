/// Belady's MIN (OPT): evicts the entry whose next access is furthest in the future.
///
/// It needs each request's next access time, so it only runs on replayed traces, as the bound
/// the other policies are measured against. An indexed binary max-heap keyed by next access.
public struct BeladyPolicy: Sendable {
    var heap: [EntryID] = []
    /// Each id's index in `heap`, or -1.
    var heapIndex: [Int32] = []
    var nextAccess: [Int64] = []
}

extension BeladyPolicy {
    /// Whether `a` should be evicted before `b`: later next access first, then the higher id,
    /// so ties between never-again entries are still broken deterministically.
    @inline(__always)
    func evictsBefore(_ a: EntryID, _ b: EntryID) -> Bool {
        let na = nextAccess[Int(a)], nb = nextAccess[Int(b)]
        return na != nb ? na > nb : a > b
    }

    @inline(__always)
    mutating func place(_ id: EntryID, at index: Int) {
        heap[index] = id
        heapIndex[Int(id)] = Int32(index)
    }

    /// - Complexity: O(log *n*)
    mutating func siftUp(_ start: Int) {
        var index = start
        let id = heap[index]
        while index > 0 {
            let parent = (index - 1) / 2
            guard evictsBefore(id, heap[parent]) else { break }
            place(heap[parent], at: index)
            index = parent
        }
        place(id, at: index)
    }

    /// - Complexity: O(log *n*)
    mutating func siftDown(_ start: Int) {
        var index = start
        let id = heap[index]
        while true {
            let left = 2 * index + 1
            guard left < heap.count else { break }
            var child = left
            if left + 1 < heap.count && evictsBefore(heap[left + 1], heap[left]) { child = left + 1 }
            guard evictsBefore(heap[child], id) else { break }
            place(heap[child], at: index)
            index = child
        }
        place(id, at: index)
    }

    /// Removes the heap element at `index`.
    ///
    /// - Complexity: O(log *n*)
    mutating func removeHeapElement(at index: Int) {
        let removed = heap[index]
        let last = heap.removeLast()
        heapIndex[Int(removed)] = -1
        guard index < heap.count else { return }
        place(last, at: index)
        siftUp(index)
        siftDown(Int(heapIndex[Int(last)]))
    }
}
