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

    @Test func theOutputHasTheSimulatedShapeAndEndsWithTheComparison() throws {
        try withTemporaryFile(scenario, named: "real.lab") { file in
            let result = try runCachebook(["run", "--file", file.path, "--cache", redis, "--store", postgres])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.hasPrefix("  cache: \(redis), keys under cachebook:") })
            #expect(lines.contains { $0.contains("time  client  op") })
            #expect(lines.contains { $0.hasPrefix("stats at t=") })
            #expect(lines.contains { $0.hasPrefix("simulated vs real") })
            // get a misses, get a hits, put b writes through to the cache, get b hits.
            #expect(lines.contains { $0.hasPrefix("  cache hits / misses") && $0.hasSuffix("2 / 1") })
            #expect(result.stderr.isEmpty, "\(result.stderr)")
        }
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

    @Test func aServerThatNeverRepliesTimesOut() throws {
        // A listener that accepts and then says nothing.
        let listener = Process()
        listener.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let port = closedPort()
        listener.arguments = ["python3", "-c", "import socket, time\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\ns.bind(('127.0.0.1', \(port)))\ns.listen()\nc, _ = s.accept()\ntime.sleep(30)"]
        try listener.run()
        defer { listener.terminate() }
        usleep(500_000)
        try withTemporaryFile(scenario, named: "real.lab") { file in
            let start = Date()
            let result = try runCachebook(["run", "--file", file.path, "--cache", "redis://127.0.0.1:\(port)/3", "--timeout", "1"])
            #expect(result.status == 2)
            #expect(result.stderr.hasPrefix("error: redis://127.0.0.1:\(port)/3: "), "\(result.stderr)")
            #expect(Date().timeIntervalSince(start) < 10)
        }
    }

    @Test func aRedisRestartDuringAWriteThroughRunIsAnError() throws {
        // A Redis of its own, so that restarting it disturbs no other test.
        let restart = try #require(ProcessInfo.processInfo.environment["CACHEBOOK_TEST_SPARE_REDIS_RESTART"])
        let redis = try #require(ProcessInfo.processInfo.environment["CACHEBOOK_TEST_SPARE_REDIS_URL"])
        let long = "cache capacity=100000\npattern write-through\nworkload uniform keys=5000 requests=1000000 writes=0.5 seed=2\n"
        try withTemporaryFile(long, named: "long.lab") { file in
            let run = Process()
            run.executableURL = cachebookExecutable
            run.arguments = ["run", "--file", file.path, "--cache", redis, "--store", postgres]
            // A file, not a pipe: the restarted Redis could otherwise inherit the pipe's writing end.
            let errorFile = file.deletingLastPathComponent().appendingPathComponent("stderr.txt")
            _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
            let errors = try FileHandle(forWritingTo: errorFile)
            run.standardOutput = FileHandle.nullDevice
            run.standardError = errors
            try run.run()
            // The simulated run comes first; restart Redis once the real one is writing to it.
            let deadline = Date().addingTimeInterval(120)
            while run.isRunning && Date() < deadline {
                let size = try runCommand("/usr/bin/env", ["redis-cli", "-u", redis, "dbsize"]).stdout
                if let keys = Int(size.trimmingCharacters(in: .whitespacesAndNewlines)), keys > 100 { break }
                usleep(100_000)
            }
            #expect(run.isRunning, "the run ended before Redis restarted; make it longer")
            let restarter = Process()
            restarter.executableURL = URL(fileURLWithPath: restart)
            try restarter.run()
            restarter.waitUntilExit()
            run.waitUntilExit()
            try errors.close()
            let stderr = try String(contentsOf: errorFile, encoding: .utf8)
            #expect(run.terminationStatus == 2)
            #expect(stderr.hasPrefix("error: \(redis): "), "\(stderr)")
            #expect(stderr.split(separator: "\n").count == 1, "\(stderr)")
        }
    }
}
