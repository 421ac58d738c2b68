/// First in, first out: evicts the entry inserted longest ago; hits change nothing.
public struct FIFOPolicy: Sendable {
    var links = LinkedSlots()
    var order = ListEnds()
    var resident: [Bool] = []
}
