import ArgumentParser

/// The `cachebook` root command. Running it with no subcommand shows the course outline.
public struct CachebookCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cachebook",
        abstract: "A notebook-style course on caching patterns, run from the terminal.",
        subcommands: [LabCommand.self]
    )

    public init() {}
}
