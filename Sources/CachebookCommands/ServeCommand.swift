import ArgumentParser
import CachebookServer
import CachebookSite
import Foundation

/// `cachebook serve`: the site for authors, rebuilt and reloaded as they write.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build the site and serve it on 127.0.0.1, rebuilding and reloading pages on every change.",
        discussion: "Only this machine can reach the server. Ctrl-C stops it."
    )

    @Option(help: ArgumentHelp("The port to listen on; 0 picks a free one.", valueName: "port"))
    var port: Int = 8000

    @Option(name: .customLong("out"), help: ArgumentHelp("Where to write the site. Defaults to a temporary folder.", valueName: "dir"))
    var outputDirectory: String?

    @Flag(help: "Build into a non-empty folder that cachebook did not make (nothing in it is deleted).")
    var force = false

    @OptionGroup var course: CourseOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, not \(port).") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("cachebook-serve-\(getpid())")
        let options = SiteBuildOptions(
            courseDirectory: CourseLocation.directory(from: course, environment: environment),
            outputDirectory: outputDirectory.map { URL(fileURLWithPath: $0) } ?? temporary,
            themeDirectory: ThemeLocation.directory(environment: environment),
            force: force, liveReload: true)
        let server = CourseServer(options: options, port: UInt16(port))
        let build: @Sendable () -> Bool = {
            do {
                _ = try SiteBuild(options: server.options, quiet: false).run()
                return true
            } catch {
                if let failure = error as? CommandFailure { printToStandardError(failure.rendered) }
                return false
            }
        }
        let task = Task {
            do {
                try await server.run(build: build) { printToStandardError($0) }
            } catch is CancellationError {
                return
            } catch {
                printToStandardError("error: the server stopped: \(error)")
            }
        }
        // Ctrl-C and `kill` stop the server cleanly and remove a temporary site.
        let stop = DispatchSemaphore(value: 0)
        var sources: [DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber)
            source.setEventHandler { stop.signal() }
            source.resume()
            sources.append(source)
        }
        Task {
            _ = await task.result
            stop.signal()
        }
        stop.wait()
        task.cancel()
        if outputDirectory == nil { try? FileManager.default.removeItem(at: temporary) }
        printToStandardError("Stopped.")
    }
}
