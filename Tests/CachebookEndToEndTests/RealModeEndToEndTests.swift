import Foundation
import Testing

/// `cachebook run --cache/--store` against the servers `make test-integration` starts; skipped
/// when they are not there.
@Suite("cachebook run on real Redis and PostgreSQL", .enabled(if: ProcessInfo.processInfo.environment["CACHEBOOK_TEST_REDIS_URL"] != nil
                                                                && ProcessInfo.processInfo.environment["CACHEBOOK_TEST_POSTGRES_URL"] != nil, "run by make test-integration"))
struct RealModeEndToEndTests {
    let redis = ProcessInfo.processInfo.environment["CACHEBOOK_TEST_REDIS_URL"] ?? ""
    let postgres = ProcessInfo.processInfo.environment["CACHEBOOK_TEST_POSTGRES_URL"] ?? ""

    /// A port on loopback where nothing listens.
    private func closedPort() -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in(sin_family: sa_family_t(AF_INET), sin_port: 0, sin_addr: in_addr(s_addr: inet_addr("127.0.0.1")), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                _ = bind(socket, generic, length)
                _ = getsockname(socket, generic, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private let scenario = "cache capacity=10\npattern write-through\ndb a=1 b=2\nget a\nget a\nput b 3\nget b\nstats\n"
    /// Long enough on the real servers (after its simulated run) to stop a server in the middle.
    private let longRun = "cache capacity=100000\npattern write-through\nworkload uniform keys=5000 requests=1000000 writes=0.5 seed=2\n"

    /// Runs `query` on the test PostgreSQL with psql and returns its rows, unaligned.
    private func sql(_ query: String) throws -> String {
        let result = try runCommand("/usr/bin/env", ["psql", postgres, "-XAtqc", query])
        #expect(result.status == 0, "psql: \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The server processes of `cachebook` connections, from pg_stat_activity.
    private func cachebookBackends() throws -> Set<Int32> {
        Set(try sql("SELECT pid FROM pg_stat_activity WHERE application_name = 'cachebook'").split(separator: "\n").compactMap { Int32($0) })
    }

    /// The server process of `run`'s store connection, once it reads or writes rows; `nil` if
    /// that does not happen within two minutes (the simulated run comes first).
    private func storeBackend(of run: BackgroundRun, excluding earlier: Set<Int32>) throws -> Int32? {
        let deadline = Date().addingTimeInterval(120)
        while run.process.isRunning && Date() < deadline {
            let busy = try sql("SELECT pid FROM pg_stat_activity WHERE application_name = 'cachebook' AND (query LIKE 'SELECT value%' OR query LIKE 'INSERT%')")
            if let pid = busy.split(separator: "\n").compactMap({ Int32($0) }).first(where: { !earlier.contains($0) }) { return pid }
            usleep(50_000)
        }
        return nil
    }

    /// The schema a run's output names (`    table cachebook_RUN.rows` under `  store: URL`).
    private func schema(in output: String) -> String? {
        output.split(separator: "\n").lazy.compactMap { line in
            line.range(of: "  table cachebook_").map { String(line[$0.lowerBound...].dropFirst("  table ".count).prefix { $0 != "." }) }
        }.first
    }

    @Test func theOutputHasTheSimulatedShapeAndEndsWithTheComparison() throws {
        try withTemporaryFile(scenario, named: "real.lab") { file in
            let result = try runCachebook(["run", "--file", file.path, "--cache", redis, "--store", postgres])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.contains("  cache: \(redis)"))
            #expect(lines.contains { $0.hasPrefix("    keys under cachebook:") })
            #expect(lines.contains { $0.contains("time  client  op") })
            #expect(lines.contains { $0.hasPrefix("stats at t=") })
            #expect(lines.contains { $0.hasPrefix("simulated vs real") })
            // get a misses, get a hits, put b writes through to the cache, get b hits.
            #expect(lines.contains { $0.hasPrefix("  cache hits / misses") && $0.hasSuffix("2 / 1") })
            #expect(result.stderr.isEmpty, "\(result.stderr)")
        }
    }

    @Test func withoutConfigureRedisAnEvictingScenarioSaysCountsMayDiffer() throws {
        let evicting = "cache capacity=2\npattern read-through\ndb a=1 b=2 c=3\nget a\nget b\nget c\nget a\nstats\n"
        for (source, evicts) in [(evicting, true), (scenario, false)] {
            try withTemporaryFile(source, named: "real.lab") { file in
                let result = try runCachebook(["run", "--file", file.path, "--cache", redis])
                #expect(result.status == 0, "\(result.stderr)")
                let lines = result.stdout.split(separator: "\n")
                #expect(lines.contains { $0.hasPrefix("  Redis keeps its own settings (maxmemory-policy ") })
                #expect(lines.contains { $0.hasPrefix("  counts may differ: the simulation evicted 2 entries") } == evicts, "\(result.stdout)")
            }
        }
        let help = try runCachebook(["run", "--help"], environment: ["COLUMNS": "1000"])
        #expect(help.stdout.contains("Without it Redis keeps its own settings, and a scenario that evicts may count differently"), "\(help.stdout)")
    }

    @Test func eitherServerCanBeGivenAlone() throws {
        try withTemporaryFile(scenario, named: "real.lab") { file in
            for flags in [["--cache", redis], ["--store", postgres]] {
                let result = try runCachebook(["run", "--file", file.path] + flags)
                #expect(result.status == 0, "\(flags): \(result.stderr)")
                #expect(result.stdout.contains("simulated vs real"))
            }
        }
    }

    @Test func aStoppedServerIsAOneLineErrorWithoutThePassword() throws {
        try withTemporaryFile(scenario, named: "real.lab") { file in
            let port = closedPort()
            for (flag, url, shown) in [("--store", "postgres://cachebook:s3cret@127.0.0.1:\(port)/postgres", "postgres://cachebook@127.0.0.1:\(port)/postgres"),
                                       ("--cache", "redis://:s3cret@127.0.0.1:\(port)/0", "redis://127.0.0.1:\(port)/0")] {
                let result = try runCachebook(["run", "--file", file.path, flag, url, "--connect-timeout", "2"])
                #expect(result.status == 2)
                let lines = result.stderr.split(separator: "\n")
                #expect(lines.count == 1, "\(result.stderr)")
                #expect(result.stderr.hasPrefix("error: \(shown): cannot connect: "), "\(result.stderr)")
                #expect(!result.stderr.contains("s3cret"))
            }
        }
    }

    @Test func aRefusedPasswordIsAOneLineError() throws {
        try withTemporaryFile(scenario, named: "real.lab") { file in
            // The test Redis has no password, so any AUTH is refused.
            let url = redis.replacingOccurrences(of: "redis://", with: "redis://:wrong-secret@")
            let result = try runCachebook(["run", "--file", file.path, "--cache", url])
            #expect(result.status == 2)
            #expect(result.stderr.hasPrefix("error: \(redis): authentication failed: "), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(!result.stderr.contains("wrong-secret"))
        }
    }

    @Test func aWrongPostgreSQLPasswordIsAOneLineError() throws {
        // A role that must give its password (scram-sha-256), unlike the trusted main one.
        let url = try #require(ProcessInfo.processInfo.environment["CACHEBOOK_TEST_POSTGRES_PASSWORD_URL"])
        var components = try #require(URLComponents(string: url))
        let password = try #require(components.password)
        components.password = nil
        let shown = try #require(components.string)
        try withTemporaryFile(scenario, named: "real.lab") { file in
            // The right password gets in, so the failures below are about the password alone.
            let accepted = try runCachebook(["run", "--file", file.path, "--store", url])
            #expect(accepted.status == 0, "\(accepted.stderr)")
            for (given, reason) in [(url.replacingOccurrences(of: ":\(password)@", with: ":wrong-secret@"), "password authentication failed for user"),
                                    (shown, "no password supplied")] {
                let result = try runCachebook(["run", "--file", file.path, "--store", given])
                #expect(result.status == 2)
                #expect(result.stderr.hasPrefix("error: \(shown): cannot connect: "), "\(result.stderr)")
                #expect(result.stderr.contains(reason), "\(result.stderr)")
                #expect(result.stderr.contains("check the user and password in the URL"), "\(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
                #expect(!result.stderr.contains("wrong-secret") && !result.stderr.contains(password), "\(result.stderr)")
            }
        }
    }

    @Test func aServerThatNeverRepliesTimesOut() throws {
        // A listener that accepts every connection and then says nothing.
        let listener = Process()
        listener.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let port = closedPort()
        listener.arguments = ["python3", "-c", "import socket\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\ns.bind(('127.0.0.1', \(port)))\ns.listen()\nheld = []\nwhile True: held.append(s.accept())"]
        // Not the test's own output: a listener left holding it would keep `swift test` waiting.
        listener.standardOutput = FileHandle.nullDevice
        listener.standardError = FileHandle.nullDevice
        try listener.run()
        // SIGKILL: children of the test process inherit its blocked signals, SIGTERM among them.
        defer {
            kill(listener.processIdentifier, SIGKILL)
            listener.waitUntilExit()
        }
        usleep(500_000)
        try withTemporaryFile(scenario, named: "real.lab") { file in
            for (flag, url, expected) in [("--cache", "redis://127.0.0.1:\(port)/3", "error: redis://127.0.0.1:\(port)/3: "),
                                          ("--store", "postgres://cachebook:s3cret@127.0.0.1:\(port)/postgres",
                                           "error: postgres://cachebook@127.0.0.1:\(port)/postgres: cannot connect: no answer within 1s")] {
                let start = Date()
                let result = try runCachebook(["run", "--file", file.path, flag, url, "--timeout", "1", "--connect-timeout", "1"])
                #expect(result.status == 2)
                #expect(result.stderr.hasPrefix(expected), "\(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
                #expect(!result.stderr.contains("s3cret"))
                #expect(Date().timeIntervalSince(start) < 5)
            }
        }
    }

    @Test func aPostgreSQLThatStopsAnsweringMidRunTimesOut() throws {
        let earlier = try cachebookBackends()
        try withTemporaryFile(longRun, named: "long.lab") { file in
            let run = try BackgroundRun(["run", "--file", file.path, "--store", postgres, "--timeout", "1", "--connect-timeout", "1"], besides: file)
            let backend = try #require(try storeBackend(of: run, excluding: earlier), "the run never wrote to PostgreSQL")
            // Only the run's own server process stops: the server goes on serving the other tests.
            kill(backend, SIGSTOP)
            var resumed = false
            defer { if !resumed { kill(backend, SIGCONT) } }
            let stopped = Date()
            let result = try run.finish(within: 30)
            let waited = Date().timeIntervalSince(stopped)
            kill(backend, SIGCONT)
            resumed = true
            #expect(result.status == 2, "the run did not end on a stopped PostgreSQL: \(result.stderr)")
            // One second for the reply, and at most as long again for the cleanup's own statement.
            #expect(waited < 6, "\(waited) s")
            #expect(result.stderr.hasPrefix("error: \(postgres): no reply within 1s; "), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            // The cleanup may have waited on a lock the stopped process held; once it runs again it lets go.
            if let schema = schema(in: result.stdout) { _ = try sql("DROP SCHEMA IF EXISTS \(schema) CASCADE") }
        }
    }

    @Test func aPostgreSQLBackendEndedMidRunIsAnErrorAndLeavesNothing() throws {
        let earlier = try cachebookBackends()
        let schemas = "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'cachebook\\_%'"
        let schemasBefore = try sql(schemas)
        try withTemporaryFile(longRun, named: "long.lab") { file in
            let run = try BackgroundRun(["run", "--file", file.path, "--store", postgres, "--timeout", "2"], besides: file)
            let backend = try #require(try storeBackend(of: run, excluding: earlier), "the run never wrote to PostgreSQL")
            // What an administrator, a failover or a restart does to a session; the server stays up.
            #expect(try sql("SELECT pg_terminate_backend(\(backend))") == "t")
            let result = try run.finish(within: 30)
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.hasPrefix("error: \(postgres): the connection was lost: terminating connection due to administrator command"),
                    "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            // The run dropped its schema over a new connection, and the server serves the next run.
            #expect(try sql(schemas) == schemasBefore)
        }
        try withTemporaryFile(scenario, named: "real.lab") { file in
            let next = try runCachebook(["run", "--file", file.path, "--store", postgres])
            #expect(next.status == 0, "\(next.stderr)")
        }
    }

    /// What a run printed when a Redis restart stopped it: every write it acknowledged before
    /// (key → value, from its event log) and the rows its schema held afterwards.
    private struct RestartedRun {
        var result: ProcessResult
        var acknowledged: [String: String]
        var rows: [String: String]
    }

    /// Runs 8,000 puts, each to a key of its own, under `pattern` on the spare Redis (a Redis of
    /// its own, so that restarting it disturbs no other test) and the test PostgreSQL, keeping
    /// the data; restarts Redis once the real run has stored 100 keys.
    private func runThroughARedisRestart(_ pattern: String) throws -> RestartedRun {
        let restart = try #require(ProcessInfo.processInfo.environment["CACHEBOOK_TEST_SPARE_REDIS_RESTART"])
        let redis = try #require(ProcessInfo.processInfo.environment["CACHEBOOK_TEST_SPARE_REDIS_URL"])
        // Puts rather than a workload: each acknowledged one is a line of the event log.
        let source = "cache capacity=100000\n\(pattern)\n" + (0..<8000).map { "put k\($0) v\($0)\n" }.joined()
        var restarted: RestartedRun?
        try withTemporaryFile(source, named: "puts.lab") { file in
            let run = try BackgroundRun(["run", "--file", file.path, "--cache", redis, "--store", postgres, "--keep-data"], besides: file)
            // The simulated run comes first; restart Redis once the real one is writing to it.
            let deadline = Date().addingTimeInterval(120)
            while run.process.isRunning && Date() < deadline {
                let size = try runCommand("/usr/bin/env", ["redis-cli", "-u", redis, "dbsize"]).stdout
                if let keys = Int(size.trimmingCharacters(in: .whitespacesAndNewlines)), keys > 100 { break }
                usleep(50_000)
            }
            #expect(run.process.isRunning, "the run ended before Redis restarted; make it longer")
            let restarter = Process()
            restarter.executableURL = URL(fileURLWithPath: restart)
            restarter.standardOutput = FileHandle.nullDevice
            restarter.standardError = FileHandle.nullDevice
            try restarter.run()
            restarter.waitUntilExit()
            let result = try run.finish(within: 60)
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.hasPrefix("error: \(redis): "), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            var acknowledged: [String: String] = [:]
            for line in result.stdout.split(separator: "\n") {
                let fields = line.split(separator: " ")
                if fields.count >= 6 && fields[1] == "app" && fields[2] == "put" && fields[4] == "ok" {
                    acknowledged[String(fields[3])] = String(fields[5])
                }
            }
            let kept = try #require(schema(in: result.stdout), "the output names no schema: \(result.stdout.prefix(500))")
            var rows: [String: String] = [:]
            for row in try sql("SELECT key || '=' || value FROM \(kept).rows").split(separator: "\n") {
                let parts = row.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { rows[String(parts[0])] = String(parts[1]) }
            }
            _ = try sql("DROP SCHEMA \(kept) CASCADE")
            restarted = RestartedRun(result: result, acknowledged: acknowledged, rows: rows)
        }
        return try #require(restarted)
    }

    @Test func aRedisRestartDuringAWriteThroughRunIsAnErrorAndLosesNothing() throws {
        let run = try runThroughARedisRestart("pattern write-through")
        #expect(run.acknowledged.count >= 100, "\(run.acknowledged.count) writes acknowledged")
        // Write-through acknowledges a write once the store has it: every acknowledged write is
        // there, plus at most the one the failure interrupted.
        let missing = run.acknowledged.filter { run.rows[$0.key] != $0.value }
        #expect(missing.isEmpty, "acknowledged but not in the store: \(missing.keys.sorted().prefix(10))")
        #expect(run.rows.count - run.acknowledged.count <= 1)
        #expect(!run.result.stderr.contains("never reached the store"), "\(run.result.stderr)")
    }

    @Test func aRedisRestartDuringAWriteBackRunCountsTheQueuedWritesAsLost() throws {
        let run = try runThroughARedisRestart("pattern write-back batch=50 flush=1h")
        // Rows reach the store only from the queue, so each is an acknowledged write.
        let unexpected = run.rows.filter { run.acknowledged[$0.key] != $0.value }
        #expect(unexpected.isEmpty, "in the store but never acknowledged: \(unexpected.keys.sorted().prefix(10))")
        // Every acknowledged write the store lacks is counted as lost; the count may add the
        // write the failure interrupted, which was queued before Redis refused it.
        let missing = run.acknowledged.keys.filter { run.rows[$0] == nil }.count
        let lost = try #require(run.result.stderr.firstMatch(of: /; (\d+) updates? to \d+ keys? in the write queue never reached the store/)
            .flatMap { Int($0.1) }, "\(run.result.stderr)")
        #expect(lost >= missing && lost <= missing + 1, "\(missing) acknowledged writes missing, \(lost) reported lost")
    }
}

/// A `cachebook` run in the background, its output going to files: a pipe's writing end could
/// be inherited by a server a test restarts, and whoever reads the pipe would then wait for ever.
private struct BackgroundRun {
    let process = Process()
    let stdout: URL
    let stderr: URL

    /// Starts `cachebook arguments`, with its output in files next to `file`.
    init(_ arguments: [String], besides file: URL) throws {
        let folder = file.deletingLastPathComponent()
        stdout = folder.appendingPathComponent("stdout.txt")
        stderr = folder.appendingPathComponent("stderr.txt")
        process.executableURL = cachebookExecutable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["CACHEBOOK_STATE": temporaryStateFile()]) { _, new in new }
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
    }

    /// Waits for the run to end, at most `seconds`: a run still going then is killed, so that a
    /// hang fails the test instead of stopping the suite. A killed run's status is -1.
    func finish(within seconds: TimeInterval) throws -> ProcessResult {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        let hung = process.isRunning
        // SIGKILL: children of the test process inherit its blocked signals, SIGTERM among them.
        if hung { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return ProcessResult(status: hung ? -1 : process.terminationStatus,
                             stdout: try String(contentsOf: stdout, encoding: .utf8), stderr: try String(contentsOf: stderr, encoding: .utf8))
    }
}
