/// Least frequently used, with the O(1) frequency-list algorithm (Shah, Mitra and Matani, 2010).
///
/// Entries with the same use count share a bucket; buckets form a list in increasing count
/// order. An insert counts one use and a hit one more. The victim is the least recently used
/// entry of the lowest-count bucket, and an evicted entry's count is forgotten.
public struct LFUPolicy: Sendable {
    /// Entries inside their bucket, most recently used at the head.
    var links = LinkedSlots()
    /// The bucket each id is in, or ``noEntry`` when it is not resident.
    var bucketOf: [Int32] = []
    /// Bucket storage; a bucket is reused through `freeBuckets` once it empties.
    var buckets: [Bucket] = []
    var freeBuckets: [Int32] = []
    /// The lowest-count bucket (the head of the bucket list), or ``noEntry`` when empty.
    var lowest: Int32 = noEntry
    var residentCount = 0

    struct Bucket: Sendable {
        var uses: Int
        var entries: ListEnds
        var lower: Int32
        var higher: Int32
    }
}

extension LFUPolicy {
    /// Returns an empty bucket for `uses`, linked between `lower` and `higher`.
    ///
    /// - Complexity: O(1) amortized.
    @inline(__always)
    mutating func makeBucket(uses: Int, lower: Int32, higher: Int32) -> Int32 {
        let bucket = Bucket(uses: uses, entries: ListEnds(), lower: lower, higher: higher)
        let index: Int32
        if let reused = freeBuckets.popLast() {
            index = reused
            buckets[Int(index)] = bucket
        } else {
            index = Int32(buckets.count)
            buckets.append(bucket)
        }
        if lower != noEntry { buckets[Int(lower)].higher = index } else { lowest = index }
        if higher != noEntry { buckets[Int(higher)].lower = index }
        return index
    }

    /// Unlinks the empty `bucket` from the bucket list and recycles it.
    ///
    /// - Complexity: O(1)
    @inline(__always)
    mutating func dropBucket(_ bucket: Int32) {
        let lower = buckets[Int(bucket)].lower
        let higher = buckets[Int(bucket)].higher
        if lower != noEntry { buckets[Int(lower)].higher = higher } else { lowest = higher }
        if higher != noEntry { buckets[Int(higher)].lower = lower }
        freeBuckets.append(bucket)
    }

    /// The use count of the resident `id`.
    ///
    /// - Complexity: O(1)
    public func uses(of id: EntryID) -> Int { buckets[Int(bucketOf[Int(id)])].uses }
}
