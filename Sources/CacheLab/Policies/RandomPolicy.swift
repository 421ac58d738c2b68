/// Evicts a uniformly random resident entry, drawn from the policy's own seeded generator.
public struct RandomPolicy: Sendable {
    /// The resident ids, densely packed in no meaningful order.
    var slots: [EntryID] = []
    /// Each id's index in `slots`, or -1.
    var slotOf: [Int32] = []
    var generator: SeededGenerator
}
