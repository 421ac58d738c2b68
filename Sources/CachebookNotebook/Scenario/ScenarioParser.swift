import CachebookCourse
import CacheLab

/// Parses the scenario language: configuration lines, then steps. Every error points at the
/// line and column it is about and, for a misspelled word, suggests the word meant.
///
/// The language is documented in `docs/lesson-format.md`.
public struct ScenarioParser {
    /// The most steps one scenario may have.
    public static let maximumSteps = 10_000

    static let configurationCommands = ["cache", "store", "fault", "pattern", "clients", "seed"]
    static let operationCommands = ["get", "put", "delete", "read-db"]
    static let stepCommands = ["db", "together", "advance", "wait", "flush", "crash", "restart", "shutdown",
                               "warm", "workload", "stats", "trace", "state", "compare"]
    static var allCommands: [String] { configurationCommands + operationCommands + stepCommands }
    static let patternNames = ["cache-aside", "read-through", "write-through", "write-back", "write-behind", "write-around"]
    static let distributions = ["zipf", "uniform", "hotspot", "scan", "loop"]

    private var scenario = Scenario()
    private var sawStep = false
    /// The `pattern` line that set refresh-ahead, for diagnostics.
    private var refreshAheadLine: ScenarioLine?

    /// Parses `source`.
    ///
    /// - Throws: The first problem found, as a ``ScenarioDiagnostic``.
    /// - Complexity: O(*n*) in the length of the source.
    public static func parse(_ source: String) throws(ScenarioDiagnostic) -> Scenario {
        var parser = ScenarioParser()
        let lines = try ScenarioLexer.lines(source)
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.tokens[0].text == "together" {
                var body: [ScenarioLine] = []
                index += 1
                while index < lines.count, lines[index].tokens[0].text != "end" {
                    body.append(lines[index])
                    index += 1
                }
                guard index < lines.count else {
                    throw ScenarioDiagnostic(line: line.number, column: line.tokens[0].column,
                                             message: "`together` is never closed", hint: "end the group with a line holding `end`")
                }
                try parser.parseTogether(line, body: body, end: lines[index])
            } else {
                try parser.parseLine(line)
            }
            guard parser.scenario.steps.count <= maximumSteps else {
                throw ScenarioDiagnostic(line: line.number, column: 1, message: "a scenario may have at most \(maximumSteps) steps",
                                         hint: "use a `workload` line for many requests instead of one line per request")
            }
            index += 1
        }
        try parser.checkConfiguration()
        return parser.scenario
    }

    /// Problems only the whole configuration shows, reported at the line that causes them.
    private func checkConfiguration() throws(ScenarioDiagnostic) {
        if scenario.configuration.refreshAhead != nil, scenario.configuration.cache.defaultTTL == nil, let line = refreshAheadLine {
            throw ScenarioDiagnostic(line: line.number, column: line.tokens[0].column, message: "refresh-ahead needs entries that expire",
                                     hint: "give the cache a time to live, like `cache ttl=30s`")
        }
        if case .cacheAside = scenario.configuration.pattern, scenario.configuration.refreshAhead != nil, let line = refreshAheadLine {
            throw ScenarioDiagnostic(line: line.number, column: line.tokens[0].column, message: "cache-aside has no loader to refresh with",
                                     hint: "use `pattern read-through refresh-ahead=…` or another pattern with a loader")
        }
    }

    private mutating func parseLine(_ line: ScenarioLine) throws(ScenarioDiagnostic) {
        let first = line.tokens[0]
        if let operation = try parseOperation(line, tokens: line.tokens[...], offset: .zero) {
            append(.operation(operation), line)
            return
        }
        var reader = try OptionReader(line: line, from: 1)
        switch first.text {
        case "cache":
            try requireConfigurationPhase(line)
            try parseCache(&reader)
        case "store":
            try requireConfigurationPhase(line)
            try parseStore(&reader)
        case "fault":
            try requireConfigurationPhase(line)
            try parseFault(&reader)
        case "pattern":
            try requireConfigurationPhase(line)
            try parsePattern(&reader)
        case "clients":
            try requireConfigurationPhase(line)
            let names = try reader.positionals(atLeast: 1, what: "client names", example: "clients alice bob").map(\.text)
            for (index, token) in reader.positionalTokens.enumerated() {
                if Self.allCommands.contains(token.text) {
                    throw reader.problem(at: token, "`\(token.text)` is a command, so it cannot name a client", hint: "pick another name, such as `\(token.text)er`")
                }
                if names[..<index].contains(token.text) {
                    throw reader.problem(at: token, "client `\(token.text)` is named twice", hint: "give each client its own name")
                }
            }
            try reader.finish(allowed: [])
            scenario.configuration.clients = names
        case "seed":
            try requireConfigurationPhase(line)
            let token = try reader.positional(0, what: "a seed", example: "seed 42")
            guard case .value(let seed) = ScenarioValues.count(token.text), seed >= 0 else {
                throw reader.problem(at: token, "`\(token.text)` is not a whole number", hint: "write it like `seed 42`")
            }
            try reader.noPositionals(after: 1)
            try reader.finish(allowed: [])
            scenario.configuration.seed = UInt64(seed)
        case "db":
            let rows = try reader.positionalTokens.map { token throws(ScenarioDiagnostic) -> (key: String, value: String) in
                guard let (key, value, _) = token.option else {
                    throw reader.problem(at: token, "`\(token.text)` is not a `key=value` row", hint: "write rows like `db user:1=Alice`")
                }
                return (key, value)
            }
            guard !rows.isEmpty else {
                throw reader.problem(at: first, "`db` needs at least one row", hint: "write rows like `db user:1=Alice user:2=Bob`")
            }
            append(.preload(rows), line)
        case "advance", "wait":
            let token = try reader.positional(0, what: "how long", example: "\(first.text) 5s")
            try reader.noPositionals(after: 1)
            try reader.finish(allowed: [])
            append(.advance(try reader.duration(token)), line)
        case "flush", "restart", "shutdown", "stats", "trace", "state":
            try reader.noPositionals()
            try reader.finish(allowed: [])
            let actions: [String: ScenarioStep.Action] = [
                "flush": .flush, "restart": .restart, "shutdown": .shutdown, "stats": .stats, "trace": .trace, "state": .state,
            ]
            append(actions[first.text]!, line)
        case "crash":
            // `crash cache` reads naturally; the cache is the only thing that crashes.
            if let target = reader.positionalTokens.first, target.text != "cache" {
                throw reader.problem(at: target, "only the cache can crash", hint: "write `crash` or `crash cache`")
            }
            try reader.noPositionals(after: 1)
            try reader.finish(allowed: [])
            append(.crash, line)
        case "warm":
            if reader.options.isEmpty {
                let keys = try reader.positionals(atLeast: 1, what: "keys to warm", example: "warm user:1 user:2").map(\.text)
                append(.warmKeys(keys), line)
            } else {
                let count = try reader.count("top", in: 1...1_000_000, example: "warm top=100 zipf keys=1000") ?? 0
                guard count > 0 else {
                    throw reader.problem(at: first, "`warm` needs keys, or `top=N` and a workload", hint: "write `warm user:1 user:2` or `warm top=100 zipf keys=1000`")
                }
                let workload = try parseWorkload(&reader, requestsRequired: false, extraOptions: ["top"])
                append(.warmTop(count: count, workload: workload), line)
            }
        case "workload":
            let client = try reader.string("client") ?? scenario.defaultClient
            try checkClient(client, at: reader.options["client"].map { ScenarioToken(text: $0.value, column: $0.column, wasQuoted: false) } ?? first, line: line)
            let workload = try parseWorkload(&reader, requestsRequired: true, extraOptions: ["client"])
            append(.workload(workload, client: client), line)
        case "compare":
            try parseCompare(&reader, line: line)
        case "together", "end":
            throw reader.problem(at: first, "`end` without `together`", hint: "start the group with a `together` line")
        default:
            throw unknownCommand(first, line: line)
        }
    }

    // MARK: Configuration

    private func requireConfigurationPhase(_ line: ScenarioLine) throws(ScenarioDiagnostic) {
        guard !sawStep else {
            throw ScenarioDiagnostic(line: line.number, column: line.tokens[0].column,
                                     message: "`\(line.tokens[0].text)` configures the scenario, so it must come before the first step",
                                     hint: "move this line above the first `get`, `put`, `workload` or other step")
        }
    }

    private mutating func parseCache(_ reader: inout OptionReader) throws(ScenarioDiagnostic) {
        try reader.noPositionals()
        var cache = scenario.configuration.cache
        if let capacity = try reader.count("capacity", in: 1...1_000_000, example: "cache capacity=100") { cache.capacity = capacity }
        if let policyToken = reader.options["policy"] {
            guard let policy = PolicyKind(name: policyToken.value), policy != .belady else {
                let names = PolicyKind.allCases.filter { $0 != .belady }.map(\.rawValue)
                throw reader.problem(atColumn: policyToken.column, "unknown eviction policy `\(policyToken.value)`",
                                     hint: ClosestMatch.suggestion(for: policyToken.value, among: names).map { "did you mean `\($0)`?" }
                                        ?? "use one of " + names.joined(separator: ", ") + (PolicyKind(name: policyToken.value) == .belady ? " (Belady needs a replayed trace: use `compare`)" : ""))
            }
            reader.used("policy")
            cache.policy = policy
        }
        if let ttl = try reader.timeToLive("ttl") { cache.defaultTTL = ttl }
        if let latency = try reader.duration("latency") { cache.latency = latency }
        if let bytes = try reader.count("bytes", in: 1...1_000_000_000, example: "cache bytes=4096") { cache.byteBudget = bytes }
        try reader.finish(allowed: ["capacity", "policy", "ttl", "latency", "bytes"])
        scenario.configuration.cache = cache
    }

    private mutating func parseStore(_ reader: inout OptionReader) throws(ScenarioDiagnostic) {
        var store = scenario.configuration.store
        if let kind = reader.positionalTokens.first {
            switch kind.text {
            case "memory": store.kind = .memory
            case "sqlite":
                let file = try reader.string("file") ?? ":memory:"
                guard file == ":memory:" || ScenarioParser.isPlainFileName(file) else {
                    throw reader.problem(atColumn: reader.options["file"]!.column, "`\(file)` is not a plain file name",
                                         hint: "name a file without folders, like `file=shop.db`; cachebook keeps it in its own data folder")
                }
                store.kind = .sqlite(path: file)
            default:
                throw reader.problem(at: kind, "unknown store `\(kind.text)`",
                                     hint: ClosestMatch.suggestion(for: kind.text, among: ["memory", "sqlite"]).map { "did you mean `\($0)`?" } ?? "use `memory` or `sqlite`")
            }
            if reader.positionalTokens.count > 1 {
                throw reader.problem(at: reader.positionalTokens[1], "unexpected `\(reader.positionalTokens[1].text)`", hint: "write `store sqlite file=shop.db read=5ms write=10ms`")
            }
        }
        if let read = try reader.duration("read") { store.readLatency = read }
        if let write = try reader.duration("write") { store.writeLatency = write }
        if let jitter = try reader.duration("jitter") { store.jitter = jitter }
        try reader.finish(allowed: ["file", "read", "write", "jitter"])
        scenario.configuration.store = store
    }

    private mutating func parseFault(_ reader: inout OptionReader) throws(ScenarioDiagnostic) {
        let kind = try reader.positional(0, what: "a fault", example: "fault fail-writes next=3")
        try reader.noPositionals(after: 1)
        switch kind.text {
        case "fail-writes":
            if reader.options["next"] != nil && reader.options["chance"] != nil {
                throw reader.problem(at: kind, "`fail-writes` takes `next=N` or `chance=P`, not both", hint: "write one `fault` line for each")
            }
            if let next = try reader.count("next", in: 1...1_000_000, example: "fault fail-writes next=3") {
                scenario.configuration.store.faults.append(.failNextWrites(next))
            } else if let chance = try reader.fraction("chance") {
                scenario.configuration.store.faults.append(.failWrites(probability: chance))
            } else {
                throw reader.problem(at: kind, "`fail-writes` needs `next=N` or `chance=P`", hint: "write `fault fail-writes next=3` or `fault fail-writes chance=0.1`")
            }
            try reader.finish(allowed: ["next", "chance"])
        case "down":
            guard let from = try reader.duration("from"), let until = try reader.duration("to") else {
                throw reader.problem(at: kind, "`down` needs `from=` and `to=`", hint: "write `fault down from=10s to=20s`")
            }
            guard from < until else {
                throw reader.problem(at: kind, "the store must come back after it goes down", hint: "make `to=` later than `from=`")
            }
            scenario.configuration.store.faults.append(.down(from: from, until: until))
            try reader.finish(allowed: ["from", "to"])
        default:
            throw reader.problem(at: kind, "unknown fault `\(kind.text)`",
                                 hint: ClosestMatch.suggestion(for: kind.text, among: ["fail-writes", "down"]).map { "did you mean `\($0)`?" } ?? "use `fail-writes` or `down`")
        }
    }

    private mutating func parsePattern(_ reader: inout OptionReader) throws(ScenarioDiagnostic) {
        let name = try reader.positional(0, what: "a pattern", example: "pattern write-back batch=10 flush=5s")
        var allowed = ["refresh-ahead"]
        var loaderAllowed = true
        switch name.text {
        case "cache-aside":
            loaderAllowed = false
            allowed.append("on-write")
            let onWrite = try reader.choice("on-write", among: ["invalidate", "update"]) ?? "invalidate"
            scenario.configuration.pattern = .cacheAside(onWrite: Pattern.CacheAsideWrite(rawValue: onWrite)!)
        case "read-through": scenario.configuration.pattern = .readThrough
        case "write-through": scenario.configuration.pattern = .writeThrough
        case "write-around": scenario.configuration.pattern = .writeAround
        case "write-back", "write-behind":
            var options = WriteBackOptions()
            allowed += ["batch", "flush", "coalesce", "on-failure", "retry-delay", "max-retry-delay", "queue", "when-full"]
            if let batch = try reader.count("batch", in: 1...100_000, example: "batch=10") { options.batchSize = batch }
            if let flush = try reader.duration("flush") { options.flushDelay = flush }
            if let coalesce = try reader.toggle("coalesce") { options.coalescing = coalesce }
            let retryDelay = try reader.duration("retry-delay") ?? .milliseconds(100)
            let maxRetryDelay = try reader.duration("max-retry-delay") ?? .seconds(10)
            switch try reader.choice("on-failure", among: ["retry", "drop"]) ?? "retry" {
            case "drop": options.onFailure = .drop
            default: options.onFailure = .retry(backoff: retryDelay, maxBackoff: max(retryDelay, maxRetryDelay))
            }
            if let queue = try reader.count("queue", in: 1...1_000_000, example: "queue=100") { options.queueLimit = queue }
            if let whenFull = try reader.choice("when-full", among: ["block", "fail"]) {
                options.whenFull = WriteBackOptions.FullQueuePolicy(rawValue: whenFull)!
            }
            scenario.configuration.pattern = .writeBack(options)
        default:
            throw reader.problem(at: name, "unknown pattern `\(name.text)`",
                                 hint: ClosestMatch.suggestion(for: name.text, among: Self.patternNames).map { "did you mean `\($0)`?" }
                                    ?? "use one of " + Self.patternNames.joined(separator: ", "))
        }
        if loaderAllowed {
            allowed += ["single-flight", "negative-ttl"]
            if let singleFlight = try reader.toggle("single-flight") { scenario.configuration.loader.singleFlight = singleFlight }
            if let negative = try reader.duration("negative-ttl") { scenario.configuration.loader.negativeTTL = negative }
        }
        if let refresh = try reader.fraction("refresh-ahead") {
            guard refresh > 0 && refresh < 1 else {
                throw reader.problem(atColumn: reader.options["refresh-ahead"]!.column, "`refresh-ahead=` takes a fraction between 0 and 1, not \(NumberFormatting.plain(refresh))",
                                     hint: "write it like `refresh-ahead=0.75`")
            }
            scenario.configuration.refreshAhead = refresh
            refreshAheadLine = reader.line
        } else {
            scenario.configuration.refreshAhead = nil
            refreshAheadLine = nil
        }
        if reader.positionalTokens.count > 1 {
            let extra = reader.positionalTokens[1]
            throw reader.problem(at: extra, "unexpected `\(extra.text)`", hint: "options are written `name=value`, like `batch=10`")
        }
        try reader.finish(allowed: allowed)
    }

    // MARK: Steps

    private mutating func append(_ action: ScenarioStep.Action, _ line: ScenarioLine) {
        if case .preload = action {} else { sawStep = true }
        scenario.steps.append(ScenarioStep(action, line: line.number))
    }

    /// `[CLIENT] get KEY`, `[CLIENT] put KEY VALUE [ttl=D]`, `[CLIENT] delete KEY`,
    /// `[CLIENT] read-db KEY`; `nil` if the line is not an operation.
    private func parseOperation(_ line: ScenarioLine, tokens: ArraySlice<ScenarioToken>, offset: VirtualTime) throws(ScenarioDiagnostic) -> ClientOperation? {
        var tokens = tokens
        var client = scenario.defaultClient
        guard let first = tokens.first else { return nil }
        if !Self.operationCommands.contains(first.text) {
            guard tokens.count > 1, Self.operationCommands.contains(tokens[tokens.startIndex + 1].text),
                  !Self.allCommands.contains(first.text) else { return nil }
            try checkClient(first.text, at: first, line: line)
            client = first.text
            tokens = tokens.dropFirst()
        }
        let command = tokens.first!
        var reader = try OptionReader(line: line, tokens: Array(tokens.dropFirst()), command: command)
        let key = try reader.positional(0, what: "a key", example: "\(command.text) user:1")
        let kind: ClientOperation.Kind
        switch command.text {
        case "get": kind = .get(key.text)
        case "delete": kind = .delete(key.text)
        case "read-db": kind = .readStore(key.text)
        default:
            let value = try reader.positional(1, what: "a value", example: "put \(key.text) Alice")
            kind = .put(key.text, value.text, ttl: try reader.timeToLive("ttl"))
        }
        let arity = command.text == "put" ? 2 : 1
        if reader.positionalTokens.count > arity {
            let extra = reader.positionalTokens[arity]
            throw reader.problem(at: extra, "unexpected `\(extra.text)`",
                                 hint: command.text == "put" ? "quote a value with spaces: `put \(key.text) \"\(reader.positionalTokens[1...].map(\.text).joined(separator: " "))\"`" : "`\(command.text)` takes one key")
        }
        try reader.finish(allowed: command.text == "put" ? ["ttl"] : [])
        return ClientOperation(client: client, kind, startOffset: offset)
    }

    private mutating func parseTogether(_ opening: ScenarioLine, body: [ScenarioLine], end: ScenarioLine) throws(ScenarioDiagnostic) {
        guard opening.tokens.count == 1 else {
            throw ScenarioDiagnostic(line: opening.number, column: opening.tokens[1].column, message: "`together` stands on its own line",
                                     hint: "put each operation on its own line below `together`")
        }
        var operations: [ClientOperation] = []
        for line in body {
            var tokens = line.tokens[...]
            var offset = VirtualTime.zero
            if let first = tokens.first, first.text.hasPrefix("+") {
                guard let delay = ScenarioValues.duration(String(first.text.dropFirst())) else {
                    throw ScenarioDiagnostic(line: line.number, column: first.column, message: "`\(first.text)` is not a delay",
                                             hint: "start an operation later with a delay like `+2ms bob put user:1 Bo`")
                }
                offset = delay
                tokens = tokens.dropFirst()
            }
            guard let operation = try parseOperation(line, tokens: tokens, offset: offset) else {
                let word = tokens.first ?? line.tokens[0]
                throw ScenarioDiagnostic(line: line.number, column: word.column, message: "only `get`, `put`, `delete` and `read-db` can run together",
                                         hint: "write operations like `alice get user:1` or `+2ms bob put user:1 Bo` between `together` and `end`")
            }
            operations.append(operation)
        }
        guard !operations.isEmpty else {
            throw ScenarioDiagnostic(line: opening.number, column: 1, message: "`together` has no operations",
                                     hint: "list operations between `together` and `end`")
        }
        if end.tokens.count > 1 {
            throw ScenarioDiagnostic(line: end.number, column: end.tokens[1].column, message: "`end` stands on its own line", hint: "remove what follows `end`")
        }
        append(.together(operations), opening)
    }

    private func parseWorkload(_ reader: inout OptionReader, requestsRequired: Bool, extraOptions: [String]) throws(ScenarioDiagnostic) -> WorkloadSpec {
        let example = "workload zipf keys=1000 alpha=1.0 requests=10000"
        let kind = try reader.positional(0, what: "a distribution", example: example)
        var allowed = ["keys", "requests", "writes", "seed"] + extraOptions
        let distribution: KeyDistribution
        switch kind.text {
        case "zipf":
            allowed.append("alpha")
            distribution = .zipf(alpha: try reader.number("alpha", in: 0...10) ?? 1.0)
        case "uniform": distribution = .uniform
        case "hotspot":
            allowed += ["hot-keys", "hot-requests"]
            distribution = .hotspot(hotKeyFraction: try reader.fraction("hot-keys") ?? 0.2,
                                    hotRequestFraction: try reader.fraction("hot-requests") ?? 0.8)
        case "scan": distribution = .scan
        case "loop": distribution = .loop
        default:
            throw reader.problem(at: kind, "unknown workload `\(kind.text)`",
                                 hint: ClosestMatch.suggestion(for: kind.text, among: Self.distributions).map { "did you mean `\($0)`?" }
                                    ?? "use one of " + Self.distributions.joined(separator: ", "))
        }
        let keys = try reader.count("keys", in: 1...Int(scenario.configuration.limits.maxKeys), example: "keys=1000") ?? 1_000
        let requests = try reader.count("requests", in: 0...scenario.configuration.limits.maxRequests, example: "requests=10000")
        if requestsRequired && requests == nil {
            throw reader.problem(at: kind, "a workload needs `requests=N`", hint: "write it like `\(example)`")
        }
        try reader.noPositionals(after: 1)
        let writes = try reader.fraction("writes") ?? 0
        let seed = try reader.count("seed", in: 0...Int.max, example: "seed=7").map(UInt64.init) ?? scenario.configuration.seed
        try reader.finish(allowed: allowed)
        return WorkloadSpec(distribution: distribution, keys: keys, requests: requests ?? 10 * keys, readFraction: 1 - writes, seed: seed)
    }

    private mutating func parseCompare(_ reader: inout OptionReader, line: ScenarioLine) throws(ScenarioDiagnostic) {
        let example = "compare policies=lru,lfu,sieve sizes=10,100 zipf keys=1000 requests=10000"
        guard let policiesToken = reader.options["policies"] else {
            throw reader.problem(at: line.tokens[0], "`compare` needs `policies=`", hint: "write it like `\(example)`")
        }
        let policies: [PolicyKind]
        do {
            policies = try LabArguments.policies(policiesToken.value)
        } catch {
            throw reader.problem(atColumn: policiesToken.column, Self.withoutCommandLineExample(error), hint: "write it like `policies=lru,lfu,sieve`")
        }
        reader.used("policies")
        guard let sizesToken = reader.options["sizes"] else {
            throw reader.problem(at: line.tokens[0], "`compare` needs `sizes=`", hint: "write it like `\(example)`")
        }
        let sizes: [Int]
        do {
            sizes = try LabArguments.sizes(sizesToken.value)
        } catch {
            throw reader.problem(atColumn: sizesToken.column, Self.withoutCommandLineExample(error), hint: "write it like `sizes=10,100`")
        }
        reader.used("sizes")
        guard !policies.isEmpty, !sizes.isEmpty, policies.count * sizes.count <= 64 else {
            throw reader.problem(at: line.tokens[0], "`compare` takes 1 to 64 policy and size pairs", hint: "write it like `\(example)`")
        }
        let workload = try parseWorkload(&reader, requestsRequired: true, extraOptions: ["policies", "sizes"])
        append(.compare(policies: policies, sizes: sizes, workload: workload), line)
    }

    private func checkClient(_ name: String, at token: ScenarioToken, line: ScenarioLine) throws(ScenarioDiagnostic) {
        let clients = scenario.configuration.clients
        guard clients.isEmpty || clients.contains(name) else {
            throw ScenarioDiagnostic(line: line.number, column: token.column, message: "unknown client `\(name)`",
                                     hint: ClosestMatch.suggestion(for: name, among: clients).map { "did you mean `\($0)`?" }
                                        ?? "the clients are " + clients.joined(separator: ", ") + "; add it to the `clients` line")
        }
    }

    private func unknownCommand(_ token: ScenarioToken, line: ScenarioLine) -> ScenarioDiagnostic {
        // `app gett a`: a client's name, then a misspelt operation.
        if line.tokens.count > 1, scenario.configuration.clients.contains(token.text) || ClosestMatch.suggestion(for: token.text, among: Self.allCommands) == nil,
           let operation = ClosestMatch.suggestion(for: line.tokens[1].text, among: ["get", "put", "delete", "read-db"]) {
            return ScenarioDiagnostic(line: line.number, column: line.tokens[1].column,
                                      message: "unknown operation `\(line.tokens[1].text)` for client `\(token.text)`", hint: "did you mean `\(operation)`?")
        }
        if scenario.configuration.clients.contains(token.text), line.tokens.count > 1 {
            let command = line.tokens[1].text
            let hint = command == "workload"
                ? "a workload names its client with an option: `workload … client=\(token.text)`"
                : "only `get`, `put`, `delete` and `read-db` start with a client's name"
            return ScenarioDiagnostic(line: line.number, column: line.tokens[1].column,
                                      message: "`\(command)` cannot follow a client's name", hint: hint)
        }
        return ScenarioDiagnostic(line: line.number, column: token.column, message: "unknown command `\(token.text)`",
                           hint: ClosestMatch.suggestion(for: token.text, among: Self.allCommands).map { "did you mean `\($0)`?" }
                            ?? "see the list of commands in docs/lesson-format.md")
    }

    /// `cachebook lab`'s message for a bad list, without its `--sizes …` example, which would
    /// mislead inside a scenario.
    static func withoutCommandLineExample(_ error: LabArgumentError) -> String {
        error.description.components(separatedBy: "; for example").first ?? error.description
    }

    /// A file name without folders, so a scenario cannot write outside cachebook's data folder.
    static func isPlainFileName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 100 && !name.hasPrefix(".")
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
    }
}
