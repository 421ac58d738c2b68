/// CLOCK with one reference bit (second chance), as libCacheSim's `Clock` with its defaults.
///
/// A hit sets the entry's bit. To evict, the oldest entry with its bit set has the bit cleared
/// and goes back to the head; the first oldest entry with a clear bit is the victim.
public struct ClockPolicy: Sendable {
    var links = LinkedSlots()
    var order = ListEnds()
    var resident: [Bool] = []
    var referenced: [Bool] = []
}
