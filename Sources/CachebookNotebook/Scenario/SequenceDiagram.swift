import CacheLab

/// The rows of a sequence diagram, built from recorded events: one per step, an arrow from one
/// lane to another (or a mark on one lane), in time order. The text and SVG diagrams draw it.
public struct SequenceDiagram: Sendable {
    public struct Row: Sendable, Hashable {
        public var time: VirtualTime
        public var from: Actor
        /// `nil` for something that happens on one lane: an eviction, a crash.
        public var to: Actor?
        public var label: String
        /// A crash, a lost or dropped write, a failure: drawn to stand out.
        public var isAlarm: Bool
        /// The answer of a client operation travelling back to the client.
        public var isAnswer: Bool
        var operation: Int?
        var sequence: Int
    }

    public var lanes: [Actor]
    public var rows: [Row]

    /// - Complexity: O(*n* log *n*) in the number of events.
    public init(events: [Event], lanes: [Actor]) {
        self.lanes = lanes
        var rows: [Row] = []
        for event in events {
            let key = event.key.map { " " + $0 } ?? ""
            let latency = event.latency == .zero ? "" : " (\(event.latency))"
            if event.isOperation {
                // The answer travels back to the client when the operation ends.
                let answer = event.action == .put || event.action == .delete
                    ? event.outcome.rawValue : (event.value ?? "none") + ", " + event.outcome.rawValue
                rows.append(Row(time: event.time + event.latency, from: event.target ?? .cache, to: event.actor,
                                label: "\(event.action.scenarioName)\(key) → \(answer)\(latency)", isAlarm: event.outcome == .error,
                                isAnswer: true, operation: event.operation, sequence: event.sequence))
                continue
            }
            let value = event.value.map { " = " + $0 } ?? ""
            let outcome = [.ok, .hit, .miss].contains(event.outcome) && event.action != .lookup ? "" : ": " + event.outcome.rawValue
            let detail = event.detail.map { " (\($0))" } ?? ""
            let isAlarm = [.crash, .lost, .drop].contains(event.action) || event.outcome == .error
            rows.append(Row(time: event.time, from: event.actor, to: event.target,
                            label: "\(event.action.rawValue)\(key)\(value)\(outcome)\(latency)\(detail)", isAlarm: isAlarm,
                            isAnswer: false, operation: event.operation, sequence: event.sequence))
        }
        // At one instant: the last steps of operations that end then, their answers, then
        // everything that starts then.
        let answersAt = Set(rows.filter(\.isAnswer).compactMap { row in row.operation.map { "\($0)@\(row.time.microseconds)" } })
        func phase(_ row: Row) -> Int {
            if row.isAnswer { return 1 }
            guard let operation = row.operation else { return 2 }
            return answersAt.contains("\(operation)@\(row.time.microseconds)") ? 0 : 2
        }
        self.rows = rows.sorted { ($0.time, phase($0), $0.sequence) < ($1.time, phase($1), $1.sequence) }
    }
}
