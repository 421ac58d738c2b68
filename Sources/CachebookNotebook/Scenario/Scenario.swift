import CacheLab

/// A parsed scenario: what to simulate, and the steps to take.
public struct Scenario: Sendable {
    public var configuration: ScenarioConfiguration
    public var steps: [ScenarioStep]

    public init(configuration: ScenarioConfiguration = ScenarioConfiguration(), steps: [ScenarioStep] = []) {
        self.configuration = configuration
        self.steps = steps
    }

    /// The client steps use when they name none.
    public var defaultClient: String {
        configuration.clients.first ?? Scenario.anonymousClient
    }

    /// The client of scenarios that declare none.
    public static let anonymousClient = "app"
}

/// One step of a scenario, and the line it came from.
public struct ScenarioStep: Sendable {
    public var action: Action
    /// 1-based line within the scenario.
    public var line: Int

    public init(_ action: Action, line: Int) {
        self.action = action
        self.line = line
    }

    public enum Action: Sendable {
        /// Rows already in the store when the story starts (`db user:1=Alice`).
        case preload([(key: String, value: String)])
        case operation(ClientOperation)
        /// Operations that start together (each after its own offset) and overlap in time.
        case together([ClientOperation])
        case advance(VirtualTime)
        case flush
        case crash
        case restart
        case shutdown
        case warmKeys([String])
        case warmTop(count: Int, workload: WorkloadSpec)
        case workload(WorkloadSpec, client: String)
        case stats
        case trace
        case state
        case compare(policies: [PolicyKind], sizes: [Int], workload: WorkloadSpec)
    }
}
