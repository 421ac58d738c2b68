@testable import CachebookNotebook
import CacheLab
import Testing

// MARK: - Helpers

/// Expects `source` to fail to parse with exactly this diagnostic. The hint must never be empty;
/// pass `hint` to check its text too (suggestions such as "did you mean `get`?").
private func expectError(
    _ source: String, line: Int, column: Int, message: String, hint: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        _ = try ScenarioParser.parse(source)
        Issue.record("expected “\(message)”, but the scenario parsed", sourceLocation: sourceLocation)
    } catch {
        #expect(error.message == message, sourceLocation: sourceLocation)
        #expect(error.line == line, "line of “\(error.message)”", sourceLocation: sourceLocation)
        #expect(error.column == column, "column of “\(error.message)”", sourceLocation: sourceLocation)
        #expect(!error.hint.isEmpty, "empty hint for “\(error.message)”", sourceLocation: sourceLocation)
        if let hint {
            #expect(error.hint == hint, sourceLocation: sourceLocation)
        }
    }
}

/// Parses `source`, which must be valid.
private func parse(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Scenario {
    do {
        return try ScenarioParser.parse(source)
    } catch {
        Issue.record("\(error) (hint: \(error.hint))", sourceLocation: sourceLocation)
        throw error
    }
}

/// The action of the only step of `source`.
private func onlyAction(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ScenarioStep.Action {
    let steps = try parse(source, sourceLocation: sourceLocation).steps
    try #require(steps.count == 1, "\(steps.count) steps", sourceLocation: sourceLocation)
    return steps[0].action
}

/// The operations of every `get`/`put`/`delete`/`read-db` step and `together` group, in order.
private func operations(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [ClientOperation] {
    try parse(source, sourceLocation: sourceLocation).steps.flatMap { step -> [ClientOperation] in
        switch step.action {
        case .operation(let operation): [operation]
        case .together(let group): group
        default: []
        }
    }
}

/// The workload of the only step, for `workload`, `warm top=` and `compare` lines.
private func workload(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> WorkloadSpec {
    switch try onlyAction(source, sourceLocation: sourceLocation) {
    case .workload(let spec, _), .warmTop(_, let spec), .compare(_, _, let spec): return spec
    default:
        Issue.record("not a step with a workload", sourceLocation: sourceLocation)
        throw NotAWorkload()
    }
}

private struct NotAWorkload: Error {}

fileprivate extension ScenarioStep.Action {
    /// The case's name, to compare lists of steps.
    var kind: String {
        switch self {
        case .preload: "preload"
        case .operation: "operation"
        case .together: "together"
        case .advance: "advance"
        case .flush: "flush"
        case .crash: "crash"
        case .restart: "restart"
        case .shutdown: "shutdown"
        case .warmKeys: "warm"
        case .warmTop: "warm-top"
        case .workload: "workload"
        case .stats: "stats"
        case .trace: "trace"
        case .state: "state"
        case .compare: "compare"
        }
    }
}

// MARK: - Lexer and values

@Suite("The lexer splits lines into words, quotes and comments")
struct ScenarioLexerTests {
    @Test func wordsCarryTheirColumnsAndLinesTheirNumbers() throws {
        let lines = try ScenarioLexer.lines("  get  user:1\n\n# a comment\n\tput k v # trailing\n")
        #expect(lines.map(\.number) == [1, 4])
        #expect(lines.map(\.indentation) == [2, 1])
        #expect(lines[0].tokens == [
            ScenarioToken(text: "get", column: 3, wasQuoted: false),
            ScenarioToken(text: "user:1", column: 8, wasQuoted: false),
        ])
        #expect(lines[1].tokens.map(\.text) == ["put", "k", "v"])
        #expect(lines[1].tokens.map(\.column) == [2, 6, 8])
    }

    @Test func quotesGroupWordsAndKeepHashesAndEscapedQuotes() throws {
        let lines = try ScenarioLexer.lines(#"put note "a # b" "say \"hi\"" x"y z""#)
        #expect(lines.count == 1)
        #expect(lines[0].tokens == [
            ScenarioToken(text: "put", column: 1, wasQuoted: false),
            ScenarioToken(text: "note", column: 5, wasQuoted: false),
            ScenarioToken(text: "a # b", column: 10, quoteOffset: 0),
            ScenarioToken(text: #"say "hi""#, column: 18, quoteOffset: 0),
            ScenarioToken(text: "xy z", column: 31, quoteOffset: 1),
        ])
    }

    @Test func anEmptyQuotedValueIsAWord() throws {
        let lines = try ScenarioLexer.lines(#"put k """#)
        #expect(lines[0].tokens.last == ScenarioToken(text: "", column: 7, wasQuoted: true))
    }

    @Test func aLoneCarriageReturnEndsALineAsOldMacFilesDo() throws {
        let lines = try ScenarioLexer.lines("get a\rget b\r")
        #expect(lines.map { $0.tokens.map(\.text) } == [["get", "a"], ["get", "b"]])
    }

    @Test func anASCIIScenarioReadAsBytesGivesWhatCharactersGive() {
        let pieces = ["get", "put", " ", "  ", "\t", "\r", "\n", "\r\n", "\n\r", "\u{B}", "\u{C}", "\"", "\\", "#", "=", "k", "v=1", "note=\"a b\""]
        var generator = SeededGenerator(seed: 51)
        for _ in 0..<3_000 {
            let source = (0..<Int.random(in: 0...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let asBytes = Result { () throws(ScenarioDiagnostic) in try ScenarioLexer.lines(source) }
            let asCharacters = Result { () throws(ScenarioDiagnostic) in try ScenarioLexer.lines(source, readsASCIIAsBytes: false) }
            #expect(asBytes == asCharacters, "\(source.debugDescription)")
        }
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let lines = try ScenarioLexer.lines("put café crème")
        #expect(lines[0].tokens.map(\.column) == [1, 5, 10])
    }

    @Test func optionsSplitAtTheFirstEqualsSign() {
        let option = ScenarioToken(text: "hot-keys=a=b", column: 5, wasQuoted: false).option
        #expect(option?.name == "hot-keys")
        #expect(option?.value == "a=b")
        #expect(option?.valueColumn == 14)
        #expect(ScenarioToken(text: "a=b", column: 1, wasQuoted: true).option == nil)
        #expect(ScenarioToken(text: "=b", column: 1, wasQuoted: false).option == nil)
        #expect(ScenarioToken(text: "plain", column: 1, wasQuoted: false).option == nil)
        #expect(ScenarioToken(text: "ttl=", column: 1, wasQuoted: false).option?.value == "")
    }
}

@Suite("Scenario values: durations, counts, fractions and switches")
struct ScenarioValuesTests {
    @Test(arguments: [
        ("0", 0), ("250us", 250), ("250µs", 250), ("10ms", 10_000), ("1.5s", 1_500_000), ("0s", 0),
        (".5s", 500_000), ("2m", 120_000_000), ("1h", 3_600_000_000), ("1.0005s", 1_000_500),
    ] as [(String, Int64)])
    func durationsTakeAUnit(text: String, microseconds: Int64) {
        #expect(ScenarioValues.duration(text) == VirtualTime(microseconds: microseconds))
    }

    @Test(arguments: ["", "5", "ms", "-5ms", "5 ms", "1e3ms", "5d", "five s", "1.2.3s", "99999999999999999h", "+5ms"])
    func durationsWithoutAUnitOrNumberAreRefused(text: String) {
        #expect(ScenarioValues.duration(text) == nil)
    }

    @Test(arguments: [
        ("1000", 1_000), ("1_000", 1_000), ("10k", 10_000), ("2m", 2_000_000), ("1g", 1_000_000_000),
        ("10^6", 1_000_000), ("2^10", 1_024), ("0^0", 1), ("2^62", 4_611_686_018_427_387_904), ("0", 0),
    ] as [(String, Int64)])
    func countsAcceptSeparatorsSuffixesAndPowers(text: String, value: Int64) {
        #expect(ScenarioValues.count(text) == .value(value))
    }

    @Test(arguments: ["10^30", "2^63", "99999999999999999999", "99999999999999999k"])
    func countsPastInt64AreTooLargeRatherThanWrapping(text: String) {
        #expect(ScenarioValues.count(text) == .tooLarge)
    }

    @Test(arguments: ["", "lots", "1.5", "10^", "^3", "10^x", "-2^3", "2^-1", "-", "1-2"])
    func otherCountsAreInvalid(text: String) {
        #expect(ScenarioValues.count(text) == .invalid)
    }

    @Test(arguments: [("0.8", 0.8), ("80%", 0.8), ("0", 0), ("1", 1), ("100%", 1), ("0%", 0), ("12.5%", 0.125)])
    func fractionsAreDecimalsOrPercentages(text: String, value: Double) throws {
        let fraction = try #require(ScenarioValues.fraction(text))
        #expect(abs(fraction - value) < 1e-12)
    }

    @Test(arguments: ["1.5", "-0.1", "101%", "abc", "%", "nan", "inf", ""])
    func fractionsOutsideZeroToOneAreRefused(text: String) {
        #expect(ScenarioValues.fraction(text) == nil)
    }

    @Test func switchesAreOnOrOffInThreeSpellings() {
        #expect(["on", "yes", "true", "ON", "Yes"].map(ScenarioValues.toggle) == [true, true, true, true, true])
        #expect(["off", "no", "false", "OFF"].map(ScenarioValues.toggle) == [false, false, false, false])
        #expect(ScenarioValues.toggle("maybe") == nil)
        #expect(ScenarioValues.toggle("1") == nil)
    }
}

// MARK: - Errors

@Suite("Every parser error points at its line and column, with a hint")
struct ScenarioParserErrorTests {
    // MARK: Lexer

    @Test func anUnclosedQuote() {
        expectError(#"put note "hello"#, line: 1, column: 10, message: "this quote is never closed",
                    hint: "end the quoted text with another `\"`")
        expectError("get a\nput note \"say \\\"", line: 2, column: 10, message: "this quote is never closed")
    }

    // MARK: Commands

    @Test func anUnknownCommandSuggestsTheNearestOne() {
        expectError("gett user:1", line: 1, column: 1, message: "unknown command `gett`", hint: "did you mean `get`?")
        expectError("cache capacity=10\n  stat", line: 2, column: 3, message: "unknown command `stat`", hint: "did you mean `stats`?")
        expectError("pattern read-through\nfluh", line: 2, column: 1, message: "unknown command `fluh`", hint: "did you mean `flush`?")
        expectError("app gett a", line: 1, column: 5, message: "unknown operation `gett` for client `app`", hint: "did you mean `get`?")
        expectError("clients alice bob\nbob pt a 1", line: 2, column: 5, message: "unknown operation `pt` for client `bob`", hint: "did you mean `put`?")
    }

    @Test func anUnknownCommandFarFromAnyOtherPointsAtTheDocs() {
        expectError("frobnicate", line: 1, column: 1, message: "unknown command `frobnicate`",
                    hint: "see the list of commands in docs/lesson-format.md")
    }

    @Test func lineNumbersCountBlankAndCommentLines() {
        expectError("# intro\n\ncache capacity=10 # ten\n\ngett a", line: 5, column: 1, message: "unknown command `gett`")
    }

    @Test(arguments: ["cache capacity=5", "store memory", "fault fail-writes next=1", "pattern read-through", "clients alice", "seed 7"])
    func configurationAfterAStep(line: String) {
        let command = String(line.prefix { $0 != " " })
        expectError("db a=1\nget a\n" + line, line: 3, column: 1,
                    message: "`\(command)` configures the scenario, so it must come before the first step",
                    hint: "move this line above the first `get`, `put`, `workload` or other step")
    }

    @Test func configurationAfterAnIndentedStepPointsAtTheCommand() {
        expectError("flush\n   cache capacity=5", line: 2, column: 4,
                    message: "`cache` configures the scenario, so it must come before the first step")
    }

    @Test func endWithoutTogether() {
        expectError("end", line: 1, column: 1, message: "`end` without `together`", hint: "start the group with a `together` line")
        expectError("get a\n  end", line: 2, column: 3, message: "`end` without `together`")
    }

    @Test func moreStepsThanTheLimit() throws {
        let limit = ScenarioParser.maximumSteps
        #expect(try parse(Array(repeating: "flush", count: limit).joined(separator: "\n")).steps.count == limit)
        expectError(Array(repeating: "flush", count: limit + 1).joined(separator: "\n"), line: limit + 1, column: 1,
                    message: "a scenario may have at most \(limit) steps",
                    hint: "use a `workload` line for many requests instead of one line per request")
        // Rows in the store are steps too.
        expectError(Array(repeating: "db a=1", count: limit + 1).joined(separator: "\n"), line: limit + 1, column: 1,
                    message: "a scenario may have at most \(limit) steps")
    }

    // MARK: Options

    @Test func anOptionSetTwice() {
        expectError("cache capacity=10 capacity=20", line: 1, column: 19, message: "`capacity` is set twice", hint: "keep one `capacity=`")
        expectError("workload zipf requests=10 seed=1 seed=2", line: 1, column: 34, message: "`seed` is set twice")
    }

    @Test func anUnknownOptionSuggestsTheNearestOne() {
        expectError("cache capacty=10", line: 1, column: 7, message: "`cache` has no option `capacty`", hint: "did you mean `capacity`?")
        expectError("pattern write-back btch=5", line: 1, column: 20, message: "`pattern` has no option `btch`", hint: "did you mean `batch`?")
        expectError("store sqlite file=a.db rad=1ms", line: 1, column: 24, message: "`store` has no option `rad`", hint: "did you mean `read`?")
        expectError("fault fail-writes next=3 chanse=0.1", line: 1, column: 26, message: "`fault` has no option `chanse`", hint: "did you mean `chance`?")
    }

    @Test func anUnknownOptionFarFromAnyOtherListsTheOptions() {
        expectError("cache zzz=1", line: 1, column: 7, message: "`cache` has no option `zzz`",
                    hint: "its options are `capacity=`, `policy=`, `ttl=`, `latency=`, `bytes=`")
        expectError("fault down from=1s to=2s zzz=1", line: 1, column: 26, message: "`fault` has no option `zzz`",
                    hint: "its options are `from=`, `to=`")
    }

    @Test func theFirstOfSeveralUnknownOptionsIsReported() {
        expectError("cache yyy=1 capacity=3 zzz=2", line: 1, column: 7, message: "`cache` has no option `yyy`")
    }

    @Test func anOptionOnACommandWithoutOptions() {
        expectError("get user:1 ttl=5s", line: 1, column: 12, message: "`get` has no option `ttl`", hint: "`get` takes no options")
        expectError("delete user:1 now=yes", line: 1, column: 15, message: "`delete` has no option `now`", hint: "`delete` takes no options")
    }

    @Test func anOptionWithoutAValue() {
        expectError("store sqlite file=", line: 1, column: 19, message: "`file=` has no value", hint: "write a value after `file=`")
        expectError("workload zipf requests=10 client=", line: 1, column: 34, message: "`client=` has no value")
    }

    @Test func wordsWhereNoneAreTaken() {
        expectError("stats now", line: 1, column: 7, message: "unexpected `now`",
                    hint: "`stats` takes no words; options are written `name=value`")
        expectError("flush all", line: 1, column: 7, message: "unexpected `all`")
        expectError("cache big", line: 1, column: 7, message: "unexpected `big`", hint: "`cache` takes no words; options are written `name=value`")
    }

    // MARK: Durations, counts, fractions, switches, choices

    @Test func badDurations() {
        expectError("advance soon", line: 1, column: 9, message: "`soon` is not a duration",
                    hint: "give a number and a unit: `250us`, `10ms`, `1.5s`, `2m`")
        expectError("wait 5", line: 1, column: 6, message: "`5` is not a duration")
        expectError("cache ttl=5", line: 1, column: 11, message: "`5` is not a duration")
        expectError("cache ttl=0", line: 1, column: 11, message: "`ttl=0` must be more than zero", hint: "leave out `ttl=` for entries that never expire")
        expectError("put a 1 ttl=0s", line: 1, column: 13, message: "`ttl=0s` must be more than zero")
        expectError("put a 1 ttl=soon", line: 1, column: 13, message: "`soon` is not a duration")
        expectError("store read=-5ms", line: 1, column: 12, message: "`-5ms` is not a duration")
        expectError("pattern write-back flush=1e3ms", line: 1, column: 26, message: "`1e3ms` is not a duration")
    }

    @Test func aMissingDuration() {
        expectError("advance", line: 1, column: 1, message: "`advance` needs how long", hint: "write it like `advance 5s`")
        expectError("wait", line: 1, column: 1, message: "`wait` needs how long", hint: "write it like `wait 5s`")
    }

    @Test func countsOverTheLimitGiveTheBound() {
        expectError("workload zipf keys=10 requests=10^12", line: 1, column: 32,
                    message: "`requests=10^12` is over the limit of 1000000", hint: "use a whole number from 0 to 1000000")
        // Past Int64: still the bound, never a wrapped number.
        expectError("workload zipf keys=10 requests=10^30", line: 1, column: 32, message: "`requests=10^30` is over the limit of 1000000")
        expectError("workload zipf keys=10 requests=99999999999999999999", line: 1, column: 32,
                    message: "`requests=99999999999999999999` is over the limit of 1000000")
        expectError("workload uniform keys=2000000 requests=10", line: 1, column: 23,
                    message: "`keys=2000000` is over the limit of 1000000", hint: "use a whole number from 1 to 1000000")
        expectError("cache capacity=2m", line: 1, column: 16, message: "`capacity=2m` is over the limit of 1000000")
        expectError("pattern write-back batch=100001", line: 1, column: 26, message: "`batch=100001` is over the limit of 100000")
        expectError("fault fail-writes next=10^7", line: 1, column: 24, message: "`next=10^7` is over the limit of 1000000")
        expectError("warm top=2m zipf keys=10", line: 1, column: 10, message: "`top=2m` is over the limit of 1000000")
    }

    @Test func countsBelowTheMinimum() {
        expectError("cache capacity=0", line: 1, column: 16, message: "`capacity=0` is below the minimum of 1",
                    hint: "use a whole number from 1 to 1000000")
        expectError("cache bytes=0", line: 1, column: 13, message: "`bytes=0` is below the minimum of 1")
        expectError("pattern write-back queue=0", line: 1, column: 26, message: "`queue=0` is below the minimum of 1")
        expectError("workload zipf requests=10 seed=-1", line: 1, column: 32, message: "`-1` is not a whole number")
        expectError("warm top=0 zipf keys=10", line: 1, column: 10, message: "`top=0` is below the minimum of 1")
    }

    @Test func countsThatAreNotNumbers() {
        expectError("cache capacity=lots", line: 1, column: 16, message: "`lots` is not a whole number", hint: "write it like `cache capacity=100`")
        expectError("workload zipf requests=1.5", line: 1, column: 24, message: "`1.5` is not a whole number", hint: "write it like `requests=10000`")
    }

    @Test func numbersOutOfRange() {
        expectError("workload zipf alpha=11 requests=10", line: 1, column: 21, message: "`alpha=11` must be a number from 0 to 10",
                    hint: "write it like `alpha=1.0`")
        expectError("workload zipf alpha=high requests=10", line: 1, column: 21, message: "`alpha=high` must be a number from 0 to 10")
    }

    @Test func badFractions() {
        expectError("workload uniform requests=10 writes=1.5", line: 1, column: 37, message: "`writes=1.5` must be a fraction from 0 to 1",
                    hint: "write it like `writes=0.8` or `writes=80%`")
        expectError("pattern read-through refresh-ahead=120%", line: 1, column: 36, message: "`refresh-ahead=120%` must be a fraction from 0 to 1")
        expectError("fault fail-writes chance=2", line: 1, column: 26, message: "`chance=2` must be a fraction from 0 to 1")
        expectError("workload hotspot hot-keys=lots requests=10", line: 1, column: 27, message: "`hot-keys=lots` must be a fraction from 0 to 1")
    }

    @Test func badSwitches() {
        expectError("pattern read-through single-flight=maybe", line: 1, column: 36,
                    message: "`single-flight=` is `on` or `off`, not `maybe`", hint: "write `single-flight=on` or `single-flight=off`")
        expectError("pattern write-back coalesce=2", line: 1, column: 29, message: "`coalesce=` is `on` or `off`, not `2`")
    }

    @Test func badChoices() {
        expectError("pattern write-back on-failure=retri", line: 1, column: 31,
                    message: "`on-failure=` is one of `retry`, `drop`, not `retri`", hint: "did you mean `on-failure=retry`?")
        expectError("pattern write-back when-full=xyzzy", line: 1, column: 30,
                    message: "`when-full=` is one of `block`, `fail`, not `xyzzy`", hint: "write `when-full=block`")
        expectError("pattern cache-aside on-write=upd", line: 1, column: 30,
                    message: "`on-write=` is one of `invalidate`, `update`, not `upd`", hint: "write `on-write=invalidate`")
    }

    // MARK: cache, store, fault, pattern

    @Test func anUnknownPolicySuggestsTheNearestOne() {
        expectError("cache policy=lruu", line: 1, column: 14, message: "unknown eviction policy `lruu`", hint: "did you mean `lru`?")
        expectError("cache policy=sive", line: 1, column: 14, message: "unknown eviction policy `sive`", hint: "did you mean `sieve`?")
        expectError("cache policy=mru", line: 1, column: 14, message: "unknown eviction policy `mru`", hint: "did you mean `lru`?")
        expectError("cache policy=twoq", line: 1, column: 14, message: "unknown eviction policy `twoq`",
                    hint: "use one of lru, lfu, fifo, clock, sieve, s3-fifo, arc, random")
    }

    @Test func beladyIsRefusedInTheCacheAndPointedToCompare() {
        expectError("cache policy=belady", line: 1, column: 14, message: "unknown eviction policy `belady`",
                    hint: "use one of lru, lfu, fifo, clock, sieve, s3-fifo, arc, random (Belady needs a replayed trace: use `compare`)")
        expectError("cache policy=opt", line: 1, column: 14, message: "unknown eviction policy `opt`")
    }

    @Test(arguments: ["../x.db", "/tmp/x.db", "a/b.db", ".hidden.db", "..", "x\\y.db", String(repeating: "a", count: 101)])
    func sqliteFilesMustBePlainNames(file: String) {
        expectError("store sqlite file=\(file)", line: 1, column: 19, message: "`\(file)` is not a plain file name",
                    hint: "name a file without folders, like `file=shop.db`; cachebook keeps it in its own data folder")
    }

    @Test func anUnknownStore() {
        expectError("store redis", line: 1, column: 7, message: "unknown store `redis`", hint: "use `memory` or `sqlite`")
        expectError("store memroy", line: 1, column: 7, message: "unknown store `memroy`", hint: "did you mean `memory`?")
        expectError("store sqlit", line: 1, column: 7, message: "unknown store `sqlit`", hint: "did you mean `sqlite`?")
        expectError("store memory extra", line: 1, column: 14, message: "unexpected `extra`",
                    hint: "write `store sqlite file=shop.db read=5ms write=10ms`")
    }

    @Test func faultsNeedAKindAndTheirOptions() {
        expectError("fault", line: 1, column: 1, message: "`fault` needs a fault", hint: "write it like `fault fail-writes next=3`")
        expectError("fault fail-writes", line: 1, column: 7, message: "`fail-writes` needs `next=N` or `chance=P`",
                    hint: "write `fault fail-writes next=3` or `fault fail-writes chance=0.1`")
        expectError("fault down from=10s", line: 1, column: 7, message: "`down` needs `from=` and `to=`", hint: "write `fault down from=10s to=20s`")
        expectError("fault down to=10s", line: 1, column: 7, message: "`down` needs `from=` and `to=`")
        expectError("fault down from=20s to=10s", line: 1, column: 7, message: "the store must come back after it goes down",
                    hint: "make `to=` later than `from=`")
        expectError("fault down from=10s to=10s", line: 1, column: 7, message: "the store must come back after it goes down")
    }

    @Test func anUnknownFault() {
        expectError("fault slow", line: 1, column: 7, message: "unknown fault `slow`", hint: "use `fail-writes` or `down`")
        expectError("fault dwn", line: 1, column: 7, message: "unknown fault `dwn`", hint: "did you mean `down`?")
        expectError("fault fail-write next=1", line: 1, column: 7, message: "unknown fault `fail-write`", hint: "did you mean `fail-writes`?")
    }

    @Test func anUnknownPattern() {
        expectError("pattern", line: 1, column: 1, message: "`pattern` needs a pattern", hint: "write it like `pattern write-back batch=10 flush=5s`")
        expectError("pattern write-bak", line: 1, column: 9, message: "unknown pattern `write-bak`", hint: "did you mean `write-back`?")
        expectError("pattern cache-asid", line: 1, column: 9, message: "unknown pattern `cache-asid`", hint: "did you mean `cache-aside`?")
        expectError("pattern magic", line: 1, column: 9, message: "unknown pattern `magic`",
                    hint: "use one of cache-aside, read-through, write-through, write-back, write-behind, write-around")
    }

    @Test func optionsOfOtherPatternsAreRefused() {
        // Cache-aside has no loader: the client loads.
        expectError("pattern cache-aside single-flight=off", line: 1, column: 21, message: "`pattern` has no option `single-flight`",
                    hint: "its options are `refresh-ahead=`, `on-write=`")
        expectError("pattern read-through batch=10", line: 1, column: 22, message: "`pattern` has no option `batch`",
                    hint: "its options are `refresh-ahead=`, `single-flight=`, `negative-ttl=`")
        expectError("pattern write-through on-write=update", line: 1, column: 23, message: "`pattern` has no option `on-write`")
    }

    @Test func aPatternTakesOneName() {
        expectError("pattern read-through extra", line: 1, column: 22, message: "unexpected `extra`",
                    hint: "options are written `name=value`, like `batch=10`")
    }

    // MARK: clients, seed, db

    @Test func clientsNeedNamesThatAreNotCommands() {
        expectError("clients", line: 1, column: 1, message: "`clients` needs client names", hint: "write it like `clients alice bob`")
        expectError("clients alice get", line: 1, column: 15, message: "`get` is a command, so it cannot name a client",
                    hint: "pick another name, such as `geter`")
        expectError("clients stats bob", line: 1, column: 9, message: "`stats` is a command, so it cannot name a client")
    }

    @Test func aSeedIsAWholeNumber() {
        expectError("seed", line: 1, column: 1, message: "`seed` needs a seed", hint: "write it like `seed 42`")
        expectError("seed abc", line: 1, column: 6, message: "`abc` is not a whole number", hint: "write it like `seed 42`")
        expectError("seed 10^30", line: 1, column: 6, message: "`10^30` is not a whole number")
    }

    @Test func dbRowsAreKeyEqualsValue() {
        expectError("db user:1", line: 1, column: 4, message: "`user:1` is not a `key=value` row", hint: "write rows like `db user:1=Alice`")
        expectError("db a=1 oops", line: 1, column: 8, message: "`oops` is not a `key=value` row")
        expectError("db =1", line: 1, column: 4, message: "`=1` is not a `key=value` row")
        expectError(#"db "a=1""#, line: 1, column: 4, message: "`a=1` is not a `key=value` row")
        expectError("db", line: 1, column: 1, message: "`db` needs at least one row", hint: "write rows like `db user:1=Alice user:2=Bob`")
    }

    // MARK: Steps

    @Test func onlyTheCacheCrashes() {
        expectError("crash store", line: 1, column: 7, message: "only the cache can crash", hint: "write `crash` or `crash cache`")
    }

    @Test func warmNeedsKeysOrTopAndAWorkload() {
        expectError("warm", line: 1, column: 1, message: "`warm` needs keys to warm", hint: "write it like `warm user:1 user:2`")
        expectError("warm zipf keys=10", line: 1, column: 1, message: "`warm` needs keys, or `top=N` and a workload",
                    hint: "write `warm user:1 user:2` or `warm top=100 zipf keys=1000`")
        expectError("warm top=5", line: 1, column: 1, message: "`warm` needs a distribution",
                    hint: "write it like `workload zipf keys=1000 alpha=1.0 requests=10000`")
        expectError("warm top=5 zipf keys=10 client=app", line: 1, column: 25, message: "`warm` has no option `client`")
    }

    @Test func workloadsNeedAKnownDistributionAndRequests() {
        expectError("workload", line: 1, column: 1, message: "`workload` needs a distribution",
                    hint: "write it like `workload zipf keys=1000 alpha=1.0 requests=10000`")
        expectError("workload zipff requests=10", line: 1, column: 10, message: "unknown workload `zipff`", hint: "did you mean `zipf`?")
        expectError("workload gaussian requests=10", line: 1, column: 10, message: "unknown workload `gaussian`",
                    hint: "use one of zipf, uniform, hotspot, scan, loop")
        expectError("workload zipf keys=10", line: 1, column: 10, message: "a workload needs `requests=N`",
                    hint: "write it like `workload zipf keys=1000 alpha=1.0 requests=10000`")
    }

    @Test func optionsOfOtherDistributionsAreRefused() {
        expectError("workload zipf requests=10 hot-keys=0.1", line: 1, column: 27, message: "`workload` has no option `hot-keys`",
                    hint: "its options are `keys=`, `requests=`, `writes=`, `seed=`, `client=`, `alpha=`")
        expectError("workload uniform requests=10 alpha=1", line: 1, column: 30, message: "`workload` has no option `alpha`")
    }

    @Test func aWorkloadByAnUnknownClient() {
        expectError("clients alice\nworkload zipf requests=10 client=bob", line: 2, column: 34, message: "unknown client `bob`",
                    hint: "the clients are alice; add it to the `clients` line")
        expectError("clients alice bob\nworkload zipf requests=10 client=alic", line: 2, column: 34, message: "unknown client `alic`",
                    hint: "did you mean `alice`?")
    }

    @Test func compareNeedsPoliciesSizesAndAWorkload() {
        expectError("compare sizes=10 zipf requests=10", line: 1, column: 1, message: "`compare` needs `policies=`",
                    hint: "write it like `compare policies=lru,lfu,sieve sizes=10,100 zipf keys=1000 requests=10000`")
        expectError("compare policies=lru zipf requests=10", line: 1, column: 1, message: "`compare` needs `sizes=`")
        expectError("compare policies=lru sizes=10 zipf", line: 1, column: 31, message: "a workload needs `requests=N`")
        expectError("compare policies=lru sizes=10 requests=10", line: 1, column: 1, message: "`compare` needs a distribution")
    }

    @Test func compareListsAreCheckedWithoutTheCommandLineExample() {
        expectError("compare policies=lru,foo sizes=10 zipf requests=10", line: 1, column: 18,
                    message: "unknown policy \"foo\"; choose from lru, lfu, fifo, clock, sieve, s3-fifo, arc, random, belady",
                    hint: "write it like `policies=lru,lfu,sieve`")
        expectError("compare policies=, sizes=10 zipf requests=10", line: 1, column: 18, message: "no policy given")
        expectError("compare policies=lru sizes=0 zipf requests=10", line: 1, column: 28,
                    message: "cache size \"0\" is not a positive whole number", hint: "write it like `sizes=10,100`")
        expectError("compare policies=lru sizes=, zipf requests=10", line: 1, column: 28, message: "no cache size given")
    }

    @Test func compareTakesAtMost64Pairs() {
        let policies = "lru,lfu,fifo,clock,sieve,s3-fifo,arc,random,belady"
        expectError("compare policies=\(policies) sizes=1,2,3,4,5,6,7,8 zipf requests=10", line: 1, column: 1,
                    message: "`compare` takes 1 to 64 policy and size pairs")
    }

    // MARK: Operations

    @Test func operationsNeedAKeyAndPutAValue() {
        expectError("get", line: 1, column: 1, message: "`get` needs a key", hint: "write it like `get user:1`")
        expectError("read-db", line: 1, column: 1, message: "`read-db` needs a key", hint: "write it like `read-db user:1`")
        expectError("alice delete", line: 1, column: 7, message: "`delete` needs a key")
        expectError("put k", line: 1, column: 1, message: "`put` needs a value", hint: "write it like `put k Alice`")
    }

    @Test func anUnquotedValueWithSpacesSuggestsQuotes() {
        expectError("put note hello world", line: 1, column: 16, message: "unexpected `world`",
                    hint: #"quote a value with spaces: `put note "hello world"`"#)
        expectError("put note hello big world", line: 1, column: 16, message: "unexpected `big`",
                    hint: #"quote a value with spaces: `put note "hello big world"`"#)
    }

    @Test func readsTakeOneKey() {
        expectError("get a b", line: 1, column: 7, message: "unexpected `b`", hint: "`get` takes one key")
    }

    @Test func anUnknownClientPrefix() {
        expectError("clients alice\nbob get a", line: 2, column: 1, message: "unknown client `bob`",
                    hint: "the clients are alice; add it to the `clients` line")
        expectError("clients alice bob\nalise put a 1", line: 2, column: 1, message: "unknown client `alise`", hint: "did you mean `alice`?")
    }

    @Test func aClientNameBeforeAStepThatIsNotAnOperation() {
        expectError("clients alice bob\nalice workload zipf requests=10", line: 2, column: 7, message: "`workload` cannot follow a client's name",
                    hint: "a workload names its client with an option: `workload … client=alice`")
        expectError("clients alice bob\nbob flush", line: 2, column: 5, message: "`flush` cannot follow a client's name",
                    hint: "only `get`, `put`, `delete` and `read-db` start with a client's name")
        // A name that is not a client is just an unknown word.
        expectError("clients alice\ncarol flush", line: 2, column: 1, message: "unknown command `carol`")
    }

    // MARK: together

    @Test func togetherNeverClosed() {
        expectError("get a\ntogether\n  get a\n  get b", line: 2, column: 1, message: "`together` is never closed",
                    hint: "end the group with a line holding `end`")
    }

    @Test func togetherAndEndStandAlone() {
        expectError("together now\nget a\nend", line: 1, column: 10, message: "`together` stands on its own line",
                    hint: "put each operation on its own line below `together`")
        expectError("together\n  get a\nend now", line: 3, column: 5, message: "`end` stands on its own line", hint: "remove what follows `end`")
    }

    @Test func anEmptyTogether() {
        expectError("together\n# nothing yet\nend", line: 1, column: 1, message: "`together` has no operations",
                    hint: "list operations between `together` and `end`")
    }

    @Test func onlyOperationsRunTogether() {
        expectError("together\n  get a\n  flush\nend", line: 3, column: 3, message: "only `get`, `put`, `delete` and `read-db` can run together",
                    hint: "write operations like `alice get user:1` or `+2ms bob put user:1 Bo` between `together` and `end`")
        expectError("together\n  +2ms\nend", line: 2, column: 3, message: "only `get`, `put`, `delete` and `read-db` can run together")
        expectError("together\n  +2ms advance 1s\nend", line: 2, column: 8, message: "only `get`, `put`, `delete` and `read-db` can run together")
    }

    @Test func aBadDelayInTogether() {
        expectError("together\n  +xms get a\nend", line: 2, column: 3, message: "`+xms` is not a delay",
                    hint: "start an operation later with a delay like `+2ms bob put user:1 Bo`")
        expectError("together\n  +2 get a\nend", line: 2, column: 3, message: "`+2` is not a delay")
    }

    @Test func errorsInsideTogetherPointAtTheirLine() {
        expectError("together\n  get\nend", line: 2, column: 3, message: "`get` needs a key")
        expectError("clients alice\ntogether\n  alice get a\n  bob get a\nend", line: 4, column: 3, message: "unknown client `bob`")
    }
}

// MARK: - What parses

@Suite("Configuration lines set the simulation up")
struct ScenarioConfigurationParsingTests {
    @Test func anEmptyScenarioHasTheDefaults() throws {
        let scenario = try parse("# nothing but a comment\n\n")
        #expect(scenario.steps.isEmpty)
        #expect(scenario.configuration.cache == CacheConfiguration())
        #expect(scenario.configuration.store == StoreConfiguration())
        #expect(scenario.configuration.pattern == .cacheAside(onWrite: .invalidate))
        #expect(scenario.configuration.clients.isEmpty)
        #expect(scenario.configuration.seed == 1)
        #expect(scenario.defaultClient == "app")
    }

    @Test func cacheTakesEveryOption() throws {
        let cache = try parse("cache capacity=3 policy=S3FIFO ttl=30s latency=1ms bytes=4k").configuration.cache
        #expect(cache.capacity == 3)
        #expect(cache.policy == .s3fifo)
        #expect(cache.defaultTTL == .seconds(30))
        #expect(cache.latency == .milliseconds(1))
        #expect(cache.byteBudget == 4_000)
    }

    @Test(arguments: PolicyKind.allCases.filter { $0 != .belady })
    func everyScenarioPolicyParses(policy: PolicyKind) throws {
        #expect(try parse("cache policy=\(policy.rawValue)").configuration.cache.policy == policy)
    }

    @Test func laterCacheLinesKeepEarlierSettings() throws {
        let cache = try parse("cache capacity=3 ttl=1s\ncache policy=lfu ttl=2s").configuration.cache
        #expect(cache.capacity == 3)
        #expect(cache.policy == .lfu)
        #expect(cache.defaultTTL == .seconds(2))
    }

    @Test func stores() throws {
        #expect(try parse("store memory").configuration.store.kind == .memory)
        #expect(try parse("store sqlite").configuration.store.kind == .sqlite(path: ":memory:"))
        #expect(try parse("store sqlite file=:memory:").configuration.store.kind == .sqlite(path: ":memory:"))
        let store = try parse("store sqlite file=shop_2.db read=2ms write=3ms jitter=250us").configuration.store
        #expect(store.kind == .sqlite(path: "shop_2.db"))
        #expect(store.readLatency == .milliseconds(2))
        #expect(store.writeLatency == .milliseconds(3))
        #expect(store.jitter == .microseconds(250))
        // Latencies alone keep the kind.
        #expect(try parse("store read=1ms").configuration.store.kind == .memory)
    }

    @Test func faultsAccumulateInOrder() throws {
        let faults = try parse("fault fail-writes next=3\nfault fail-writes chance=0.1\nfault down from=1s to=1.5s").configuration.store.faults
        #expect(faults == [.failNextWrites(3), .failWrites(probability: 0.1), .down(from: .seconds(1), until: .milliseconds(1_500))])
    }

    @Test(arguments: [
        ("pattern cache-aside", Pattern.cacheAside(onWrite: .invalidate)),
        ("pattern cache-aside on-write=update", .cacheAside(onWrite: .update)),
        ("pattern cache-aside on-write=invalidate", .cacheAside(onWrite: .invalidate)),
        ("pattern read-through", .readThrough),
        ("pattern write-through", .writeThrough),
        ("pattern write-around", .writeAround),
        ("pattern write-back", .writeBack(WriteBackOptions())),
        ("pattern write-behind", .writeBack(WriteBackOptions())),
    ])
    func patterns(source: String, pattern: Pattern) throws {
        #expect(try parse(source).configuration.pattern == pattern)
    }

    @Test func writeBackTakesEveryOption() throws {
        let source = "pattern write-back batch=20 flush=5s coalesce=off on-failure=retry retry-delay=50ms max-retry-delay=1s queue=100 when-full=fail"
        var expected = WriteBackOptions()
        expected.batchSize = 20
        expected.flushDelay = .seconds(5)
        expected.coalescing = false
        expected.onFailure = .retry(backoff: .milliseconds(50), maxBackoff: .seconds(1))
        expected.queueLimit = 100
        expected.whenFull = .fail
        #expect(try parse(source).configuration.pattern == .writeBack(expected))
    }

    @Test func writeBackFailureOptions() throws {
        func options(_ source: String) throws -> WriteBackOptions? {
            if case .writeBack(let options) = try parse(source).configuration.pattern { return options }
            return nil
        }
        #expect(try options("pattern write-back on-failure=drop")?.onFailure == .drop)
        // The cap is never below the first delay.
        #expect(try options("pattern write-back retry-delay=2s max-retry-delay=1s")?.onFailure == .retry(backoff: .seconds(2), maxBackoff: .seconds(2)))
        #expect(try options("pattern write-behind coalesce=yes when-full=block")?.coalescing == true)
    }

    @Test func loaderAndRefreshAheadOptions() throws {
        let scenario = try parse("cache ttl=10s\npattern read-through single-flight=off negative-ttl=2s refresh-ahead=0.25")
        #expect(scenario.configuration.loader == LoaderOptions(singleFlight: false, negativeTTL: .seconds(2)))
        #expect(scenario.configuration.refreshAhead == 0.25)
        expectError("cache ttl=1s\npattern cache-aside refresh-ahead=0.5", line: 2, column: 1, message: "cache-aside has no loader to refresh with")
        expectError("cache ttl=1s\npattern read-through refresh-ahead=1", line: 2, column: 36,
                    message: "`refresh-ahead=` takes a fraction between 0 and 1, not 1")
        #expect(try parse("pattern write-back single-flight=on").configuration.loader.singleFlight)
        #expect(try parse("pattern write-through").configuration.loader == LoaderOptions())
    }

    @Test func clientsAndTheDefaultClient() throws {
        let scenario = try parse("clients alice bob")
        #expect(scenario.configuration.clients == ["alice", "bob"])
        #expect(scenario.defaultClient == "alice")
    }

    @Test func seeds() throws {
        #expect(try parse("seed 42").configuration.seed == 42)
        #expect(try parse("seed 10k").configuration.seed == 10_000)
        #expect(try parse("seed 2^40").configuration.seed == 1 << 40)
    }

    @Test func dbRowsMayComeAnywhereAndDoNotEndConfiguration() throws {
        let scenario = try parse("db a=1 b=x=y\ncache capacity=5\nget a\ndb c=3")
        #expect(scenario.configuration.cache.capacity == 5)
        #expect(scenario.steps.map(\.action.kind) == ["preload", "operation", "preload"])
        guard case .preload(let rows) = scenario.steps[0].action else { Issue.record("not a preload"); return }
        #expect(rows.map(\.key) == ["a", "b"])
        #expect(rows.map(\.value) == ["1", "x=y"])
        #expect(scenario.steps.map(\.line) == [1, 3, 4])
    }

    @Test func emptyDbValues() throws {
        guard case .preload(let rows) = try onlyAction("db a=") else { Issue.record("not a preload"); return }
        #expect(rows.map(\.value) == [""])
    }
}

@Suite("Step lines become steps, at their lines")
struct ScenarioStepParsingTests {
    @Test func operationsUseTheDefaultClient() throws {
        #expect(try operations("get user:1\nput user:1 Alice\ndelete user:1\nread-db user:1") == [
            ClientOperation(client: "app", .get("user:1")),
            ClientOperation(client: "app", .put("user:1", "Alice")),
            ClientOperation(client: "app", .delete("user:1")),
            ClientOperation(client: "app", .readStore("user:1")),
        ])
        #expect(try operations("clients bob carol\nget k") == [ClientOperation(client: "bob", .get("k"))])
    }

    @Test func operationsWithAClientPrefix() throws {
        #expect(try operations("clients alice bob\nbob get k\nalice put k v\nbob delete k\nalice read-db k") == [
            ClientOperation(client: "bob", .get("k")),
            ClientOperation(client: "alice", .put("k", "v")),
            ClientOperation(client: "bob", .delete("k")),
            ClientOperation(client: "alice", .readStore("k")),
        ])
        // Without a `clients` line any name is a client.
        #expect(try operations("zed get k") == [ClientOperation(client: "zed", .get("k"))])
    }

    @Test func putTakesQuotedValuesAndATTL() throws {
        #expect(try operations(#"put note "hello world" ttl=5s"#) == [ClientOperation(client: "app", .put("note", "hello world", ttl: .seconds(5)))])
        #expect(try operations(#"put note "a=b # c""#) == [ClientOperation(client: "app", .put("note", "a=b # c"))])
        #expect(try operations("put k v # a comment") == [ClientOperation(client: "app", .put("k", "v"))])
        #expect(try operations(#"put k """#) == [ClientOperation(client: "app", .put("k", ""))])
    }

    @Test func keysMayLookLikeCommands() throws {
        #expect(try operations("get flush\nput stats 1") == [
            ClientOperation(client: "app", .get("flush")),
            ClientOperation(client: "app", .put("stats", "1")),
        ])
    }

    @Test func togetherGroupsOperationsWithOffsets() throws {
        let scenario = try parse("""
            clients alice bob
            db user:1=Alice
            together
              alice get user:1
              # a comment inside
              +2ms bob put user:1 Bob
              +1.5s get user:2
            end
            get user:1
            """)
        #expect(scenario.steps.map(\.action.kind) == ["preload", "together", "operation"])
        #expect(scenario.steps.map(\.line) == [2, 3, 9])
        guard case .together(let group) = scenario.steps[1].action else { Issue.record("not together"); return }
        #expect(group == [
            ClientOperation(client: "alice", .get("user:1")),
            ClientOperation(client: "bob", .put("user:1", "Bob"), startOffset: .milliseconds(2)),
            ClientOperation(client: "alice", .get("user:2"), startOffset: .milliseconds(1_500)),
        ])
    }

    @Test func advanceAndWait() throws {
        guard case .advance(let first) = try onlyAction("advance 5s"), case .advance(let second) = try onlyAction("wait 250us"),
              case .advance(let zero) = try onlyAction("advance 0") else {
            Issue.record("not an advance")
            return
        }
        #expect([first, second, zero] == [.seconds(5), .microseconds(250), .zero])
    }

    @Test func singleWordSteps() throws {
        let scenario = try parse("flush\ncrash\ncrash cache\nrestart\nshutdown\nstats\ntrace\nstate")
        #expect(scenario.steps.map(\.action.kind) == ["flush", "crash", "crash", "restart", "shutdown", "stats", "trace", "state"])
        #expect(scenario.steps.map(\.line) == Array(1...8))
    }

    @Test func warmKeys() throws {
        guard case .warmKeys(let keys) = try onlyAction("warm user:1 user:2 \"odd key\"") else { Issue.record("not warm"); return }
        #expect(keys == ["user:1", "user:2", "odd key"])
    }

    @Test func warmTopOfAWorkload() throws {
        guard case .warmTop(let count, let spec) = try onlyAction("seed 3\nwarm top=100 zipf keys=1000") else { Issue.record("not warm top"); return }
        #expect(count == 100)
        // No `requests=`: ten per key.
        #expect(spec == WorkloadSpec(distribution: .zipf(alpha: 1), keys: 1_000, requests: 10_000, seed: 3))
    }

    @Test func workloadsOfEveryKind() throws {
        #expect(try workload("workload zipf requests=10") == WorkloadSpec(distribution: .zipf(alpha: 1), keys: 1_000, requests: 10, seed: 1))
        #expect(try workload("workload zipf alpha=0.8 keys=10k requests=10^5").distribution == .zipf(alpha: 0.8))
        #expect(try workload("workload zipf alpha=0.8 keys=10k requests=10^5").keys == 10_000)
        #expect(try workload("workload zipf alpha=0.8 keys=10k requests=10^5").requests == 100_000)
        #expect(try workload("workload uniform requests=10").distribution == .uniform)
        #expect(try workload("workload hotspot requests=10").distribution == .hotspot(hotKeyFraction: 0.2, hotRequestFraction: 0.8))
        #expect(try workload("workload hotspot hot-keys=0.1 hot-requests=0.9 requests=10").distribution == .hotspot(hotKeyFraction: 0.1, hotRequestFraction: 0.9))
        #expect(try workload("workload scan requests=10").distribution == .scan)
        #expect(try workload("workload loop keys=5 requests=10").distribution == .loop)
        #expect(try workload("workload uniform requests=0").requests == 0)
    }

    @Test func workloadWritesSeedAndClient() throws {
        #expect(try workload("workload uniform requests=10 writes=0.25").readFraction == 0.75)
        #expect(try workload("seed 9\nworkload uniform requests=10").seed == 9)
        #expect(try workload("seed 9\nworkload uniform requests=10 seed=7").seed == 7)
        guard case .workload(_, let client) = try onlyAction("clients alice bob\nworkload uniform requests=10 client=bob"),
              case .workload(_, let defaultClient) = try onlyAction("clients alice bob\nworkload uniform requests=10"),
              case .workload(_, let anonymous) = try onlyAction("workload uniform requests=10") else {
            Issue.record("not a workload")
            return
        }
        #expect([client, defaultClient, anonymous] == ["bob", "alice", "app"])
    }

    @Test func compare() throws {
        guard case .compare(let policies, let sizes, let spec) = try onlyAction("compare policies=lru,belady,lru,S3FIFO sizes=10,1k,10 uniform keys=50 requests=500") else {
            Issue.record("not compare")
            return
        }
        #expect(policies == [.lru, .belady, .s3fifo])
        #expect(sizes == [10, 1_000])
        #expect(spec == WorkloadSpec(distribution: .uniform, keys: 50, requests: 500, seed: 1))
    }

    @Test func compareAcceptsExactly64Pairs() throws {
        guard case .compare(let policies, let sizes, _) = try onlyAction("compare policies=lru,lfu,fifo,clock,sieve,s3-fifo,arc,random sizes=1,2,3,4,5,6,7,8 zipf requests=10") else {
            Issue.record("not compare")
            return
        }
        #expect(policies.count * sizes.count == 64)
    }

    @Test func stepsRecordTheirLinesPastCommentsAndBlankLines() throws {
        let scenario = try parse("""
            # setup
            cache capacity=2

            get a   # first
            \tput a 1
            workload uniform requests=1
            stats
            """)
        #expect(scenario.steps.map(\.action.kind) == ["operation", "operation", "workload", "stats"])
        #expect(scenario.steps.map(\.line) == [4, 5, 6, 7])
    }
}

// MARK: - Bugs these tests found, kept fixed

@Suite("Mistakes the parser once let through stay caught")
struct ScenarioParserRegressionTests {
    @Test func aNegativeSeedIsAnError() {
        expectError("seed -1", line: 1, column: 6, message: "`-1` is not a whole number")
    }

    @Test(arguments: [
        "stats verbose=yes", "flush now=1", "advance 5s extra", "wait 1s foo=bar", "crash cache now", "crash ttl=5s",
        "seed 4 5", "workload zipf requests=10 extra", "warm top=3 zipf keys=10 extra", "fault fail-writes extra next=3",
        "fault fail-writes next=3 chance=0.5", "compare policies=lru sizes=10 zipf extra requests=10",
    ])
    func extraWordsAndOptionsAreReported(source: String) {
        #expect((try? ScenarioParser.parse(source)) == nil, "`\(source)` parsed without an error")
    }

    @Test func misplacedSuffixesAreNotWholeNumbers() {
        #expect(ScenarioValues.count("k") == .invalid)
        #expect(ScenarioValues.count("1k5") == .invalid)
        #expect(ScenarioValues.count("99999999999999999999k") == .tooLarge)
        expectError("cache capacity=1k5", line: 1, column: 16, message: "`1k5` is not a whole number")
    }

    @Test func crlfLineEndingsSplitLines() throws {
        let lines = try ScenarioLexer.lines("get a\r\n\r\nget b\r\n")
        #expect(lines.map(\.number) == [1, 3])
        #expect(lines.map { $0.tokens.map(\.text) } == [["get", "a"], ["get", "b"]])
    }

    @Test func dbRowsTakeQuotedValues() throws {
        guard case .preload(let rows) = try onlyAction(#"db note="hello world""#) else {
            Issue.record("not a preload")
            return
        }
        #expect(rows.map(\.key) == ["note"])
        #expect(rows.map(\.value) == ["hello world"])
    }

    @Test func duplicateClientsAreReportedAtTheirLine() {
        expectError("# two clients\nclients alice alice", line: 2, column: 15, message: "client `alice` is named twice")
    }

    @Test func refreshAheadWithoutATTLIsReportedAtItsPatternLine() {
        expectError("cache capacity=5\npattern read-through refresh-ahead=0.5\nget a", line: 2, column: 1,
                    message: "refresh-ahead needs entries that expire")
    }
}
