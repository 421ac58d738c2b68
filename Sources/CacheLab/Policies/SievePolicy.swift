/// SIEVE (Zhang et al., NSDI '24): a FIFO queue with a visited bit and a moving hand.
///
/// New entries go to the head and hits only set the visited bit, so hits never move anything.
/// The hand walks from the tail toward the head, clearing visited bits, and evicts the first
/// unvisited entry; it stays where it stopped for the next eviction and wraps to the tail.
public struct SievePolicy: Sendable {
    var links = LinkedSlots()
    var order = ListEnds()
    var resident: [Bool] = []
    var visited: [Bool] = []
    /// Where the next eviction scan starts; ``noEntry`` means at the tail.
    var hand: EntryID = noEntry
}
