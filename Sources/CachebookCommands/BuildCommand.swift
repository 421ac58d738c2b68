import ArgumentParser
import CachebookCourse
import CachebookSite
import CachebookTerminal
import Foundation

/// `cachebook build`: the static course website.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the course website: static HTML that works offline, even from file://.",
        discussion: """
            Runnable blocks are run at build time and shown with their output, sequence diagrams \
            and charts; exercises are checked in the browser. The output folder gets a marker \
            file: a later build may replace what an earlier one wrote, but a folder that \
            cachebook did not make is refused unless --force is given (nothing in it is deleted).

            A build into the same folder again renders only the lessons that changed: a lesson \
            is reused when its file, course.yml, the list of lessons, the theme and cachebook \
            itself are all as they were. --full renders every lesson.
            """
    )

    @Option(name: .customLong("out"), help: ArgumentHelp("Where to write the site. Defaults to site/public.", valueName: "dir"))
    var outputDirectory: String?

    @Flag(help: "Build into a non-empty folder that cachebook did not make (nothing in it is deleted).")
    var force = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Render every lesson, even those unchanged since the last build into this folder.")
    var full = false

    @Option(help: ArgumentHelp(
        "Where the site will be served from, like / or /caching-course/ or https://example.org/course/. The 404 page links from there, since a server shows it at any address.",
        valueName: "url"))
    var baseURL = "/"

    @OptionGroup var course: CourseOptions

    func validate() throws {
        let lowered = baseURL.lowercased()
        guard baseURL.hasPrefix("/") || lowered.hasPrefix("https://") || lowered.hasPrefix("http://") else {
            throw ValidationError("--base-url must start with / or http(s)://, like /caching-course/")
        }
        guard !baseURL.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" }) else {
            throw ValidationError("--base-url cannot contain spaces, quotes or angle brackets")
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let options = SiteBuildOptions(
            courseDirectory: CourseLocation.directory(from: course, environment: environment),
            outputDirectory: outputDirectory.map { URL(fileURLWithPath: $0) } ?? ThemeLocation.defaultOutput(environment: environment),
            themeDirectory: ThemeLocation.directory(environment: environment),
            force: force,
            reusesUnchangedLessons: !full,
            baseURL: baseURL,
            // The process ends with the build: its memory goes back to the system all at once.
            freesMemory: false)
        _ = try SiteBuild(options: options, quiet: quiet).run()
    }
}

/// Builds the site and reports it: shared by `build` and `serve`.
struct SiteBuild {
    let options: SiteBuildOptions
    let quiet: Bool

    func run() throws -> SiteBuildReport {
        let clock = ContinuousClock()
        let start = clock.now
        let progressLine = ProgressLine(total: 0, quiet: quiet)
        let report: SiteBuildReport
        do {
            report = try SiteBuilder(options: options).build { stage, done, total, lesson in
                ProgressLine(total: total, quiet: quiet).update(done - 1, "\(stage.rawValue) \(lesson)")
            }
        } catch .lessons(let diagnostics) {
            progressLine.finish()
            FileHandle.standardError.write(Data(DiagnosticReport.render(diagnostics, styler: TerminalStyler(isColorEnabled: false)).utf8))
            printToStandardError("error: the site was not built: \(diagnostics.filter { $0.severity == .error }.count) problem(s) in the course")
            throw ExitCode.problemsFound
        } catch {
            progressLine.finish()
            throw CommandFailure(message: error.description, hint: error.hint)
        }
        progressLine.finish()
        let seconds = Double((clock.now - start).components.attoseconds) / 1e18 + Double((clock.now - start).components.seconds)
        if !quiet {
            let share = report.htmlBytes == 0 ? 0 : Double(report.searchIndexBytes) / Double(report.htmlBytes) * 100
            let reused = report.reusedLessons == 0 ? "" : ", \(report.reusedLessons) unchanged"
            print(String(format: "Built %d lessons (%d pages, %@%@) into %@ in %.2f s; search index %@ (%.0f%% of the HTML).",
                         report.lessons, report.pages, kilobytes(report.totalBytes), reused, report.outputDirectory.path, seconds,
                         kilobytes(report.searchIndexBytes), share))
        }
        return report
    }

    private func kilobytes(_ bytes: Int) -> String {
        bytes >= 1_048_576 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : String(format: "%.0f KB", Double(bytes) / 1024)
    }
}

/// Where the default theme (the repository's `site/` folder) is.
enum ThemeLocation {
    /// `$CACHEBOOK_THEME`, else the `site` folder of the package the executable was built in,
    /// else `./site`.
    static func directory(environment: [String: String]) -> URL {
        if let explicit = environment["CACHEBOOK_THEME"], !explicit.isEmpty { return URL(fileURLWithPath: explicit) }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("site")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("templates/layout.mustache").path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: "site")
    }

    /// `public/` inside the default theme's folder: `site/public` in the repository.
    static func defaultOutput(environment: [String: String]) -> URL {
        directory(environment: environment).appendingPathComponent("public")
    }
}
