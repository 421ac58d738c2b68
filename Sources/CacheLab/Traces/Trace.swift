/// A request sequence with keys remapped to dense ids, ready for a fast replay.
public struct Trace: Sendable {
    /// The id of each request, in order. Ids are `0..<keyCount`.
    public var ids: [EntryID]
    /// Each request's object size, or `nil` when the source has no sizes (all 1).
    public var sizes: [Int32]?
    /// Each request's time from the source, if it has one.
    public var times: [Int64]?
    /// Each request's operation from the source, if it has one.
    public var operations: [TraceReader.Operation]?
    /// Each request's next access time (any increasing clock), or `nil` until computed.
    /// ``neverAccessedAgain`` marks a last access.
    public var nextAccess: [Int64]?
    /// The original key of each id.
    public var keys: TraceKeys
    /// Where the trace came from, for messages and headers.
    public var source: String

    /// The number of distinct ids.
    public var keyCount: Int { keys.count }

    /// The number of requests.
    public var count: Int { ids.count }

    /// - Complexity: O(1)
    public init(ids: [EntryID], sizes: [Int32]? = nil, nextAccess: [Int64]? = nil, keys: TraceKeys, source: String) {
        self.ids = ids
        self.sizes = sizes
        self.nextAccess = nextAccess
        self.keys = keys
        self.source = source
    }

    /// A copy whose ``nextAccess`` is filled in from the request order (request indexes).
    ///
    /// - Complexity: O(*n*) in the number of requests.
    public func withNextAccess() -> Trace {
        guard nextAccess == nil else { return self }
        var copy = self
        var upcoming = [Int64](repeating: neverAccessedAgain, count: keyCount)
        var next = [Int64](repeating: neverAccessedAgain, count: ids.count)
        for index in ids.indices.reversed() {
            let id = Int(ids[index])
            next[index] = upcoming[id]
            upcoming[id] = Int64(index)
        }
        copy.nextAccess = next
        return copy
    }

    /// The `n` most requested keys, most requested first; ties go to the key seen first.
    ///
    /// - Complexity: O(*n* + *k* log *k*) for *n* requests over *k* keys.
    public func mostRequestedKeys(_ n: Int) -> [String] {
        var counts = [Int](repeating: 0, count: keyCount)
        for id in ids { counts[Int(id)] += 1 }
        let ranked = (0..<keyCount).sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        return ranked.prefix(max(0, n)).map { keys.name(of: EntryID($0)) }
    }
}

/// The original keys of a trace's ids.
public enum TraceKeys: Sendable {
    /// Integer keys, as in text and oracleGeneral traces.
    case numeric([UInt64])
    /// String keys, as a CSV trace may have.
    case names([String])
    /// Ids that are their own keys (generated workloads): id *i* is key *i*.
    case dense(count: Int)

    /// The number of distinct keys.
    public var count: Int {
        switch self {
        case .numeric(let keys): keys.count
        case .names(let keys): keys.count
        case .dense(let count): count
        }
    }

    /// The printable key of `id`.
    ///
    /// - Complexity: O(1)
    public func name(of id: EntryID) -> String {
        switch self {
        case .numeric(let keys): String(keys[Int(id)])
        case .names(let keys): keys[Int(id)]
        case .dense: String(id)
        }
    }
}
