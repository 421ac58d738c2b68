import Testing
@testable import CacheLab

@Suite("Each policy evicts as computed by hand on short sequences")
struct PolicyHandComputedTests {
    @Test func lruEvictsTheLeastRecentlyUsed() {
        let result = run(LRUPolicy.self, capacity: 3, [1, 2, 3, 1, 4, 2, 5, 1])
        #expect(result.pattern == "MMMHMMMM")
        #expect(result.order == [2, 5, 1])
    }

    @Test func fifoIgnoresHits() {
        let result = run(FIFOPolicy.self, capacity: 3, [1, 2, 3, 1, 4, 2, 5, 1])
        #expect(result.pattern == "MMMHMHMM")
        #expect(result.order == [4, 5, 1])
    }

    @Test func clockGivesReferencedEntriesASecondChance() {
        let result = run(ClockPolicy.self, capacity: 3, [1, 2, 3, 1, 2, 4, 1, 5])
        #expect(result.pattern == "MMMHHMHM")
        #expect(result.order == [4, 1, 5])
        // After 4 arrived, 1 and 2 had their bits cleared and 3 was the victim.
        let partial = run(ClockPolicy.self, capacity: 3, [1, 2, 3, 1, 2, 4])
        #expect(partial.order == [1, 2, 4])
        #expect(partial.policy.metadata(of: 1) == "ref=0")
    }

    @Test func sieveKeepsItsHandBetweenEvictions() {
        let result = run(SievePolicy.self, capacity: 3, [1, 2, 3, 1, 4, 5, 2, 1])
        #expect(result.pattern == "MMMHMMMH")
        // The hand rests on 5; 2 follows; 1 was visited, so it goes last.
        #expect(result.order == [5, 2, 1])
        #expect(result.policy.metadata(of: 5) == "- hand")
        #expect(result.policy.metadata(of: 1) == "visited")
    }

    @Test func lfuEvictsTheFewestUsesThenTheLeastRecent() {
        let result = run(LFUPolicy.self, capacity: 3, [1, 1, 2, 2, 3, 4, 3, 5])
        #expect(result.pattern == "MHMHMMMM")
        #expect(result.order == [5, 1, 2])
        #expect(result.policy.metadata(of: 1) == "freq=2")
        let ties = run(LFUPolicy.self, capacity: 3, [1, 2, 3, 4])
        #expect(ties.order == [2, 3, 4])
    }

    @Test func lfuForgetsTheCountOfAnEvictedEntry() {
        let result = run(LFUPolicy.self, capacity: 1, [1, 1, 1, 2, 1])
        #expect(result.pattern == "MHHMM")
        #expect(result.policy.metadata(of: 1) == "freq=1")
    }

    @Test func s3fifoSendsGhostHitsToMainAndPromotesTwiceSeenEntries() {
        // Capacity 10: a small queue of 1, a main queue of 9. Keys 1...10 fill the small queue.
        let fill: [EntryID] = Array(1...10)
        let ghost = run(S3FIFOPolicy.self, capacity: 10, fill + [11, 1])
        #expect(ghost.pattern == String(repeating: "M", count: 12))
        // 11 pushed 1 into the ghost queue; 1 came back into main, evicting 2 from small.
        #expect(ghost.order == Array(3...11) + [1])
        #expect(ghost.policy.metadata(of: 1) == "main freq=0")

        let promoted = run(S3FIFOPolicy.self, capacity: 10, fill + [2, 2, 11, 12])
        #expect(promoted.pattern == String(repeating: "M", count: 10) + "HHMM")
        // 1 was evicted for 11; for 12, 2 (seen twice) moved to main and 3 was evicted.
        #expect(promoted.order == Array(4...12) + [2])
    }

    @Test func arcMovesRepeatedEntriesToT2AndGhostHitsBackToT2() {
        let result = run(ARCPolicy.self, capacity: 2, [1, 1, 2, 3, 2])
        // 1 reached T2 on its hit; 3 evicted 2 from T1 into the ghost list B1; 2's return
        // is a ghost hit that grows T1's target and brings 2 straight into T2.
        #expect(result.pattern == "MHMMM")
        #expect(result.policy.metadata(of: 2) == "T2")
        #expect(result.policy.target == 1)
    }

    @Test func beladyEvictsTheEntryNeededFurthestAhead() throws {
        let trace = Trace(ids: [1, 2, 3, 1, 2], keys: .dense(count: 4), source: "hand").withNextAccess()
        let result = try Replay.run(trace, policy: .belady, capacity: 2)
        // 3 evicts 2 (next used at 4, after 1 at 3); 1 hits; 2 misses.
        #expect(result.misses == 4)
        #expect(result.hits == 1)
    }

    /// The victims worked out with an independent Python model of xoshiro256** seeded by
    /// SplitMix64 and Lemire's bounded draw: a victim is the slot the draw picks, and the last
    /// slot moves into its place.
    @Test func randomEvictsTheSlotItsGeneratorDraws() {
        var generator = SeededGenerator(seed: 42)
        #expect((0..<3).map { _ in generator.next() } == [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1])
        var policy = RandomPolicy(capacity: 3, seed: 7)
        policy.reserveIDs(8)
        var victims: [EntryID] = []
        for id: EntryID in 0..<8 {
            if policy.count == 3 { victims.append(policy.evict()) }
            policy.insert(id, size: 1, nextAccess: neverAccessedAgain)
        }
        #expect(victims == [2, 0, 4, 5, 6])
        #expect(Set(policy.residentsInEvictionOrder()) == [1, 3, 7])
    }

    @Test func randomIsReproducibleFromItsSeed() {
        let sequence = (0..<200).map { EntryID(($0 * 7919) % 50) }
        let first = run(RandomPolicy.self, capacity: 10, sequence, seed: 42)
        let second = run(RandomPolicy.self, capacity: 10, sequence, seed: 42)
        let other = run(RandomPolicy.self, capacity: 10, sequence, seed: 43)
        #expect(first.pattern == second.pattern)
        #expect(first.order == second.order)
        #expect(first.pattern != other.pattern || first.order != other.order)
    }

    @Test(arguments: PolicyKind.allCases.filter { !$0.needsFutureKnowledge })
    func removeForgetsAnEntry(kind: PolicyKind) throws {
        var policy = kind.makePolicy(capacity: 4, seed: 1)
        policy.reserveIDs(6)
        for id: EntryID in 0..<4 {
            policy.recordMiss(id, size: 1)
            policy.insert(id, size: 1, nextAccess: neverAccessedAgain)
        }
        policy.remove(2)
        #expect(!policy.contains(2))
        #expect(policy.count == 3)
        #expect(Set(policy.residentsInEvictionOrder()) == [0, 1, 3])
        try policy.checkInvariants()
    }
}
