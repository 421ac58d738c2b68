import Testing
@testable import CacheLab

/// Deliberately naive models of each policy, written from the definitions with plain arrays.
/// The `order` of each is the eviction order, next victim first.
protocol ReferenceModel {
    init(capacity: Int)
    /// Returns whether `key` was a hit; on a miss, evicts if full and inserts.
    mutating func access(_ key: Int) -> Bool
    mutating func remove(_ key: Int)
    func evictionOrder() -> [Int]
}

struct ReferenceLRU: ReferenceModel {
    let capacity: Int
    var keys: [Int] = []  // least recently used first
    init(capacity: Int) { self.capacity = capacity }
    mutating func access(_ key: Int) -> Bool {
        if let index = keys.firstIndex(of: key) {
            keys.remove(at: index)
            keys.append(key)
            return true
        }
        if keys.count == capacity { keys.removeFirst() }
        keys.append(key)
        return false
    }
    mutating func remove(_ key: Int) { keys.removeAll { $0 == key } }
    func evictionOrder() -> [Int] { keys }
}

struct ReferenceFIFO: ReferenceModel {
    let capacity: Int
    var keys: [Int] = []  // oldest insertion first
    init(capacity: Int) { self.capacity = capacity }
    mutating func access(_ key: Int) -> Bool {
        if keys.contains(key) { return true }
        if keys.count == capacity { keys.removeFirst() }
        keys.append(key)
        return false
    }
    mutating func remove(_ key: Int) { keys.removeAll { $0 == key } }
    func evictionOrder() -> [Int] { keys }
}

struct ReferenceLFU: ReferenceModel {
    let capacity: Int
    var uses: [Int: Int] = [:]
    var lastUse: [Int: Int] = [:]
    var tick = 0
    init(capacity: Int) { self.capacity = capacity }
    mutating func access(_ key: Int) -> Bool {
        tick += 1
        if uses[key] != nil {
            uses[key]! += 1
            lastUse[key] = tick
            return true
        }
        if uses.count == capacity {
            let victim = evictionOrder()[0]
            uses[victim] = nil
            lastUse[victim] = nil
        }
        uses[key] = 1
        lastUse[key] = tick
        return false
    }
    mutating func remove(_ key: Int) {
        uses[key] = nil
        lastUse[key] = nil
    }
    func evictionOrder() -> [Int] {
        uses.keys.sorted { (uses[$0]!, lastUse[$0]!) < (uses[$1]!, lastUse[$1]!) }
    }
}

struct ReferenceCLOCK: ReferenceModel {
    let capacity: Int
    var keys: [Int] = []  // oldest first
    var referenced: [Int: Bool] = [:]
    init(capacity: Int) { self.capacity = capacity }
    mutating func access(_ key: Int) -> Bool {
        if keys.contains(key) {
            referenced[key] = true
            return true
        }
        if keys.count == capacity { _ = evict() }
        keys.append(key)
        referenced[key] = false
        return false
    }
    mutating func evict() -> Int {
        while referenced[keys[0]]! {
            referenced[keys[0]] = false
            keys.append(keys.removeFirst())
        }
        let victim = keys.removeFirst()
        referenced[victim] = nil
        return victim
    }
    mutating func remove(_ key: Int) {
        keys.removeAll { $0 == key }
        referenced[key] = nil
    }
    func evictionOrder() -> [Int] {
        var copy = self
        return keys.map { _ in copy.evict() }
    }
}

struct ReferenceSIEVE: ReferenceModel {
    let capacity: Int
    var keys: [Int] = []  // oldest first; the hand moves toward the end
    var visited: [Int: Bool] = [:]
    var hand: Int?  // an index into keys
    init(capacity: Int) { self.capacity = capacity }
    mutating func access(_ key: Int) -> Bool {
        if keys.contains(key) {
            visited[key] = true
            return true
        }
        if keys.count == capacity { _ = evict() }
        keys.append(key)
        visited[key] = false
        return false
    }
    mutating func evict() -> Int {
        var index = hand ?? 0
        while visited[keys[index]]! {
            visited[keys[index]] = false
            index = index + 1 == keys.count ? 0 : index + 1
        }
        let victim = keys.remove(at: index)
        visited[victim] = nil
        hand = index < keys.count ? index : nil
        return victim
    }
    mutating func remove(_ key: Int) {
        guard let index = keys.firstIndex(of: key) else { return }
        keys.remove(at: index)
        visited[key] = nil
        if let current = hand {
            if index < current { hand = current - 1 } else if index == current && index == keys.count { hand = nil }
        }
    }
    func evictionOrder() -> [Int] {
        var copy = self
        return keys.map { _ in copy.evict() }
    }
}

@Suite("Policies agree with naive reference models on seeded random operations")
struct PolicyReferenceModelTests {
    /// Replays `operations` seeded random accesses (with about 5% removes) through `Policy` and
    /// `Model`, comparing every hit, the eviction order every 50 operations, and the invariants.
    func compare<Policy: EvictionPolicy, Model: ReferenceModel>(
        _ policyType: Policy.Type, _ modelType: Model.Type, seed: UInt64, capacity: Int, keys: Int,
        operations: Int = 3_000, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        var generator = SeededGenerator(seed: seed)
        var policy = Policy(capacity: capacity, seed: seed)
        policy.reserveIDs(keys)
        var model = Model(capacity: capacity)
        for step in 0..<operations {
            let key = generator.nextInt(below: keys)
            if generator.nextInt(below: 20) == 0 {
                policy.remove(EntryID(key))
                model.remove(key)
            } else {
                let expected = model.access(key)
                let hit = policy.recordAccess(EntryID(key), nextAccess: neverAccessedAgain)
                if !hit {
                    policy.recordMiss(EntryID(key), size: 1)
                    while policy.count >= capacity { _ = policy.evict() }
                    policy.insert(EntryID(key), size: 1, nextAccess: neverAccessedAgain)
                }
                guard hit == expected else {
                    Issue.record("step \(step), key \(key): hit \(hit), model says \(expected)", sourceLocation: sourceLocation)
                    return
                }
            }
            #expect(policy.count <= capacity, sourceLocation: sourceLocation)
            if step % 50 == 0 || step == operations - 1 {
                let order = policy.residentsInEvictionOrder().map(Int.init)
                guard order == model.evictionOrder() else {
                    Issue.record("step \(step): order \(order), model \(model.evictionOrder())", sourceLocation: sourceLocation)
                    return
                }
                try policy.checkInvariants()
            }
        }
    }

    static let seeds: [UInt64] = [1, 2, 3, 4]

    @Test(arguments: seeds) func lru(seed: UInt64) throws {
        try compare(LRUPolicy.self, ReferenceLRU.self, seed: seed, capacity: 8 + Int(seed) * 3, keys: 40)
    }

    @Test(arguments: seeds) func fifo(seed: UInt64) throws {
        try compare(FIFOPolicy.self, ReferenceFIFO.self, seed: seed, capacity: 8 + Int(seed) * 3, keys: 40)
    }

    @Test(arguments: seeds) func lfu(seed: UInt64) throws {
        try compare(LFUPolicy.self, ReferenceLFU.self, seed: seed, capacity: 8 + Int(seed) * 3, keys: 40)
    }

    @Test(arguments: seeds) func clock(seed: UInt64) throws {
        try compare(ClockPolicy.self, ReferenceCLOCK.self, seed: seed, capacity: 8 + Int(seed) * 3, keys: 40)
    }

    @Test(arguments: seeds) func sieve(seed: UInt64) throws {
        try compare(SievePolicy.self, ReferenceSIEVE.self, seed: seed, capacity: 8 + Int(seed) * 3, keys: 40)
    }

    @Test(arguments: PolicyKind.allCases)
    func everyPolicyKeepsItsInvariantsUnderRandomSizedTraffic(kind: PolicyKind) throws {
        // Sized replays with a byte budget exercise the ghost and queue accounting of ARC and S3-FIFO.
        var generator = SeededGenerator(seed: 7)
        let ids = (0..<4_000).map { _ in EntryID(generator.nextInt(below: 300)) }
        let sizes = (0..<4_000).map { _ in Int32(1 + generator.nextInt(below: 20)) }
        var trace = Trace(ids: ids, sizes: sizes, keys: .dense(count: 300), source: "random").withNextAccess()
        let sized = try Replay.run(trace, policy: kind, capacity: 500, useSizes: true, seed: 7)
        #expect(sized.hits + sized.misses == sized.requests)
        trace.sizes = nil
        let unit = try Replay.run(trace, policy: kind, capacity: 50, seed: 7)
        #expect(unit.hits + unit.misses == unit.requests)
        #expect(unit.misses >= Set(ids).count)  // every key's first request is a miss
        #expect(unit.evictions == unit.misses - 50)

        var policy = kind.makePolicy(capacity: 50, seed: 7)
        policy.reserveIDs(300)
        for (index, id) in ids.enumerated() {
            let next = trace.nextAccess![index]
            if !policy.recordAccess(id, nextAccess: next) {
                policy.recordMiss(id, size: 1)
                while policy.count >= 50 { _ = policy.evict() }
                policy.insert(id, size: 1, nextAccess: next)
            }
            if index % 97 == 0 { try policy.checkInvariants() }
            #expect(policy.count <= 50)
        }
    }
}
