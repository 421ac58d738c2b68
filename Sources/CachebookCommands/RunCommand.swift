import ArgumentParser
import CacheLab
import CachebookCourse
import CachebookNotebook
import CachebookRealBackends
import CachebookTerminal
import Foundation

/// `cachebook run`: runs a lesson's blocks, or a learner's own scenario file.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a lesson's runnable blocks, or your own scenario file, and print the output.",
        discussion: """
            Scenarios are deterministic: the same file prints the same output on every run. \
            See docs/lesson-format.md for the scenario language. SQLite databases named with \
            `store sqlite file=NAME` are kept next to your progress file (or in --db-dir), so \
            you can open them with sqlite3 after a run.

            With --cache and/or --store the same scenarios run on real servers: Redis as the \
            cache and PostgreSQL as the store, with measured latencies. The patterns' logic is \
            the same (write-back's queue and flusher run in this process, and `crash` loses \
            them). Redis evicts by its own settings unless --configure-redis applies the \
            scenario's; when the simulation evicted, the run says that counts may then differ. \
            `advance` moves the scenario's clock without waiting. Keys go under \
            cachebook:RUN: and rows into a schema cachebook_RUN, both removed afterwards \
            (--keep-data keeps them). The output ends with the simulated and the real figures \
            side by side.

            Examples:
              cachebook run read-through       run every block of a lesson
              cachebook run --file my.lab      experiment with your own scenario
              cachebook run write-back-and-write-around \\
                  --cache redis://127.0.0.1:6379/0 \\
                  --store postgres://learner@127.0.0.1:5432/cachebook
            """
    )

    @Argument(help: ArgumentHelp("A lesson id or unique prefix.", valueName: "lesson"))
    var lesson: String?

    @Option(name: .customLong("file"), help: ArgumentHelp("Run this scenario file instead of a lesson.", valueName: "file"))
    var file: String?

    @Option(name: .customLong("db-dir"), help: ArgumentHelp(
        "Where SQLite databases of `store sqlite file=NAME` go. Defaults to a databases/ folder next to the progress file.",
        valueName: "dir"))
    var databaseDirectory: String?

    @Option(name: .customLong("cache"), help: ArgumentHelp("Run on this Redis server as the cache: redis://[:PASSWORD@]HOST:PORT[/DB].", valueName: "url"))
    var cacheURL: String?

    @Option(name: .customLong("store"), help: ArgumentHelp("Run on this PostgreSQL database as the store: postgres://USER[:PASSWORD]@HOST:PORT/DB.", valueName: "url"))
    var storeURL: String?

    @Option(name: .customLong("connect-timeout"), help: ArgumentHelp("Seconds to wait for a server to accept the connection.", valueName: "seconds"))
    var connectTimeout: Double = 5

    @Option(name: .customLong("timeout"), help: ArgumentHelp("Seconds to wait for any one reply from a server.", valueName: "seconds"))
    var operationTimeout: Double = 5

    @Flag(name: .customLong("configure-redis"), help: "Set Redis's maxmemory and maxmemory-policy from the scenario's cache line, and put them back afterwards. Server-wide: only on a Redis of your own, which must hold no other keys. Without it Redis keeps its own settings, and a scenario that evicts may count differently (the run says so).")
    var configuresRedis = false

    @Flag(name: .customLong("keep-data"), help: "Keep the run's Redis keys and PostgreSQL schema afterwards, to look at them.")
    var keepsData = false

    @OptionGroup var course: CourseOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var display: DisplayOptions

    func validate() throws {
        if (lesson == nil) == (file == nil) {
            throw ValidationError("Give a lesson or --file, not both and not neither.")
        }
        for (name, value) in [("--connect-timeout", connectTimeout), ("--timeout", operationTimeout)] where !(value > 0 && value <= 3600) {
            throw ValidationError("\(name) takes a number of seconds from 0 to 3600, not \(value).")
        }
        do {
            _ = try realModeOptions()
        } catch {
            throw ValidationError(error.description)
        }
        if (configuresRedis || keepsData) && cacheURL == nil && storeURL == nil {
            throw ValidationError("--configure-redis and --keep-data go with --cache or --store.")
        }
    }

    /// The real servers to run on, or `nil` for a simulation.
    private func realModeOptions() throws(BackendError) -> RealModeOptions? {
        guard cacheURL != nil || storeURL != nil else { return nil }
        return RealModeOptions(
            cache: try cacheURL.map { text throws(BackendError) in try BackendURL(parsing: text, as: .redis) },
            store: try storeURL.map { text throws(BackendError) in try BackendURL(parsing: text, as: .postgres) },
            connectTimeout: .milliseconds(Int(connectTimeout * 1000)), operationTimeout: .milliseconds(Int(operationTimeout * 1000)),
            configuresRedis: configuresRedis, keepsData: keepsData)
    }

    /// The transcript to print: without its closing error line when `execution` failed at a
    /// located diagnostic, which is printed after it and says the same with its line.
    private static func transcript(_ execution: BlockExecution, width: Int) -> String {
        guard execution.diagnostic != nil, var run = execution.run, run.failure != nil else { return execution.output }
        run.failure = nil
        return ScenarioTranscript(width: width).text(run)
    }

    /// Runs `block` as the options ask: simulated, or on the real servers followed by the
    /// comparison with the simulation. A server that cannot be reached throws a one-line error;
    /// one that fails during the run stops it, and the output up to there comes back with the
    /// one-line error to throw once it is printed, so that what was acknowledged is on record.
    private func execute(_ block: RunnableBlock, lessonPath: String, databases: URL, screenWidth: Int) throws
        -> (execution: BlockExecution, serverFailure: CommandFailure?)
    {
        let width = ScenarioOutputStyle.layoutWidth(block: block.outputWidth, screen: screenWidth)
        var simulated = block.execute(lessonPath: lessonPath, databaseDirectory: databases, width: width)
        guard let options = try realModeOptions(), let configuration = simulated.run?.simulation?.configuration else {
            simulated.output = Self.transcript(simulated, width: width)
            return (simulated, nil)
        }
        let session: RealModeRun
        do {
            session = try RealModeRun(options, cacheConfiguration: configuration.cache,
                                      simulatedEvictions: simulated.run?.simulation?.statistics.cache.evictions ?? 0)
        } catch {
            throw CommandFailure(message: error.description)
        }
        let real = block.execute(lessonPath: lessonPath, databaseDirectory: databases, width: width, backends: session.backends)
        let serverFailure = real.run?.failure.flatMap { failure in
            failure.isServerFailure ? CommandFailure(message: Self.serverFailureMessage(failure, real.run?.simulation)) : nil
        }
        var kept: [String] = []
        do {
            kept = try session.close()
        } catch {
            // After a server failure that failure is the one line to show; cleaning up a lost
            // connection fails too, and says nothing new.
            if serverFailure == nil { printToStandardError("warning: \(error.description)") }
        }
        // Notes are prose: wrapped to the width, where a transcript line would be cut.
        func wrapped(_ notes: [String]) -> String {
            notes.flatMap { TextWrapper.wrap([StyledText($0)], width: width, indent: "  ") }.map { $0.plainText + "\n" }.joined()
        }
        var output = wrapped(session.notes) + "\n" + Self.transcript(real, width: width)
        if serverFailure == nil, let simulatedStatistics = simulated.run?.simulation?.statistics, let realStatistics = real.run?.simulation?.statistics {
            output += "\n" + RealModeComparison.lines(simulated: simulatedStatistics, real: realStatistics, width: width).joined(separator: "\n") + "\n"
        }
        output += wrapped(kept)
        var execution = real
        execution.output = output
        return (execution, serverFailure)
    }

    /// A server failure as one line. Write-back's queue is in this process and stops with the
    /// run, so the updates it still held, which never reached the store, are counted: a loss
    /// the output must not leave silent.
    private static func serverFailureMessage(_ failure: ScenarioFailure, _ simulation: Simulation?) -> String {
        let unwritten = simulation?.snapshot().pendingWrites ?? []
        guard !unwritten.isEmpty else { return failure.message }
        let updates = unwritten.reduce(0) { $0 + $1.updates }
        let keys = Set(unwritten.map(\.key)).count
        return failure.message + "; \(updates) update\(updates == 1 ? "" : "s") to \(keys) key\(keys == 1 ? "" : "s") "
            + "in the write queue never reached the store"
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let output = TerminalOutput(display: display, variables: environment)
        let databases = databaseDirectory.map { URL(fileURLWithPath: $0) }
            ?? CourseWorkspace.databaseDirectory(besides: CourseWorkspace.progressStore(state, environment: environment))
        if let file {
            let source = try ScenarioFile.read(file)
            let block = RunnableBlock(scenarioFile: source)
            let (execution, serverFailure) = try execute(block, lessonPath: file, databases: databases, screenWidth: output.width)
            if let diagnostic = execution.diagnostic, execution.run == nil {
                printToStandardError(diagnostic.description)
                throw ExitCode.problemsFound
            }
            output.write(ScenarioOutputStyle.lines(execution.output, cutTo: output.width))
            if let serverFailure { throw serverFailure }
            if let diagnostic = execution.diagnostic {
                printToStandardError(diagnostic.description)
                throw ExitCode.problemsFound
            }
            return
        }
        let workspace = try CourseWorkspace.open(course: course, state: state, environment: environment)
        let notebook = LessonNotebook(lesson: try workspace.lesson(lesson ?? ""))
        guard !notebook.cells.runnableBlocks.isEmpty else {
            print("“\(notebook.lesson.title)” has no runnable blocks.")
            return
        }
        var lines: [StyledLine] = []
        var problems: [Diagnostic] = []
        for (index, block) in notebook.cells.runnableBlocks.enumerated() {
            if index > 0 { lines.append(StyledLine()) }
            let title = block.title ?? "Block \(index + 1)"
            lines += TextWrapper.wrap([StyledText("▶ " + title, style: .heading),
                                       StyledText("  (\(notebook.lesson.displayPath):\(block.range.start.line))", style: .muted)], width: output.width)
            let (execution, serverFailure) = try execute(block, lessonPath: notebook.lesson.displayPath, databases: databases, screenWidth: output.width)
            // A block that does not parse has no transcript; its diagnostic says it all.
            if execution.run != nil { lines += ScenarioOutputStyle.lines(execution.output, cutTo: output.width) }
            if let serverFailure {
                output.write(lines)
                throw serverFailure
            }
            problems += execution.diagnostic.map { [$0] } ?? []
        }
        output.write(lines)
        // Each failed block, at its line in the lesson, after the output that shows how it ran.
        guard problems.isEmpty else {
            printToStandardError(problems.map(\.description).joined(separator: "\n"))
            throw ExitCode.problemsFound
        }
    }
}
