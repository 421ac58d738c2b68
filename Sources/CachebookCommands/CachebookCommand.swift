import ArgumentParser
import Foundation

/// The `cachebook` root command. Running it with no subcommand shows the course outline.
public struct CachebookCommand: ParsableCommand {
    /// What `cachebook --version` prints.
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "cachebook",
        abstract: "A notebook-style course on caching patterns, run from the terminal.",
        discussion: """
            With no subcommand, cachebook shows the course outline. Lessons live in ./Lessons \
            (or --course DIR, or $CACHEBOOK_COURSE).

            Exit codes: 0 success, 1 problems found (lint errors, failed checks), 2 bad input \
            or usage.
            """,
        version: "cachebook \(version)",
        subcommands: [
            ListCommand.self, ReadCommand.self, LintCommand.self,
            RunCommand.self, TestCommand.self, CheckCommand.self, SolutionCommand.self, BuildCommand.self, ServeCommand.self, ProgressCommand.self, DoneCommand.self, UndoCommand.self, ResetCommand.self,
            LabCommand.self,
        ],
        defaultSubcommand: ListCommand.self
    )

    public init() {}

    /// Runs the command line and returns the process exit code. Usage errors exit with 2, not
    /// ArgumentParser's 64, so that every "you asked for something wrong" has one code.
    public static func runAsMain(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data(failure.rendered.utf8))
            return failure.exitCode
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                let stream = code == .success ? FileHandle.standardOutput : FileHandle.standardError
                stream.write(Data((message + "\n").utf8))
            }
            return code == .validationFailure ? CommandFailure.usageExitCode : code.rawValue
        }
    }
}
