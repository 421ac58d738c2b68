/// Least recently used: evicts the entry whose last access is oldest.
///
/// One list ordered by recency; a hit moves the entry to the head, the victim is the tail.
public struct LRUPolicy: Sendable {
    var links = LinkedSlots()
    var order = ListEnds()
    var resident: [Bool] = []
}
