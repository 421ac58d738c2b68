import ArgumentParser
import CachebookCourse
import CachebookProgress
import CachebookTerminal
import Foundation

/// `cachebook progress`: the checklist, each lesson's status, time spent, and what is next.
struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Show your progress: the completion checklist, each lesson's status and time, and what is next.",
        discussion: """
            --export writes your progress file to FILE, in the format the course website imports; \
            --import merges a file exported from the website (or another machine) into yours.
            """
    )

    @Option(name: .customLong("export"), help: ArgumentHelp("Write your progress to this file.", valueName: "file"))
    var exportFile: String?

    @Option(name: .customLong("import"), help: ArgumentHelp("Merge the progress in this file into yours.", valueName: "file"))
    var importFile: String?

    @OptionGroup var course: CourseOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var display: DisplayOptions

    func validate() throws {
        if exportFile != nil && importFile != nil {
            throw ValidationError("Use --export or --import, not both.")
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let workspace = try CourseWorkspace.open(course: course, state: state, environment: environment)
        if let exportFile {
            let progress = try workspace.store.read().0
            try ProgressStore.encode(progress).write(to: URL(fileURLWithPath: exportFile))
            print("Exported your progress to \(exportFile).")
            return
        }
        if let importFile {
            let imported: LearnerProgress
            guard let data = FileManager.default.contents(atPath: importFile) else {
                throw CommandFailure(message: "cannot read \(importFile)", hint: "check the path and the file's permissions")
            }
            do {
                imported = try ProgressStore.decode(data)
            } catch {
                throw CommandFailure(message: "\(importFile) is not a cachebook progress file",
                                     hint: "export one with `cachebook progress --export FILE` or from the course website")
            }
            do {
                try workspace.store.update { $0.merge(imported) }
            } catch let error as ProgressStore.StoreError {
                throw CommandFailure(message: error.description, hint: error.hint)
            }
            print("Imported \(importFile) into your progress.")
        }
        let output = TerminalOutput(display: display, variables: environment)
        let completion = workspace.completion(progress: workspace.readProgress())
        output.write(ProgressRenderer(completion: completion, width: output.width).render())
    }
}

/// `cachebook done ITEM`: ticks a checklist item that is ticked by hand.
struct DoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "done",
        abstract: "Tick a checklist item that you complete by hand, such as `supplementary`."
    )

    @Argument(help: ArgumentHelp("The checklist item's id.", valueName: "item"))
    var item: String

    @OptionGroup var course: CourseOptions
    @OptionGroup var state: StateOptions

    func run() throws {
        let workspace = try CourseWorkspace.open(course: course, state: state, environment: ProcessInfo.processInfo.environment)
        let checklistItem = try manualItem(item, in: workspace.course)
        let now = Date()
        try workspace.updateProgress { $0.checklist[checklistItem.id] = $0.checklist[checklistItem.id] ?? ChecklistTick(tickedAt: now) }
        print("[x] \(checklistItem.title)")
    }
}

/// `cachebook undo ITEM`: unticks a checklist item that is ticked by hand.
struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Untick a checklist item that you ticked with `cachebook done`."
    )

    @Argument(help: ArgumentHelp("The checklist item's id.", valueName: "item"))
    var item: String

    @OptionGroup var course: CourseOptions
    @OptionGroup var state: StateOptions

    func run() throws {
        let workspace = try CourseWorkspace.open(course: course, state: state, environment: ProcessInfo.processInfo.environment)
        let checklistItem = try manualItem(item, in: workspace.course)
        try workspace.updateProgress { $0.checklist[checklistItem.id] = nil }
        print("[ ] \(checklistItem.title)")
    }
}

/// The checklist item `id`, which must be one a learner ticks by hand.
private func manualItem(_ id: String, in course: Course) throws -> ChecklistItem {
    guard let item = course.checklist.first(where: { $0.id == id }) else {
        let ids = course.checklist.map(\.id)
        throw CommandFailure(message: "no checklist item `\(id)` in the course",
                             hint: ClosestMatch.suggestion(for: id, among: ids).map { "did you mean `\($0)`?" }
                                ?? (ids.isEmpty ? "this course's course.yml has no checklist"
                                    : "the items are " + ids.map { "`\($0)`" }.joined(separator: ", ")))
    }
    guard case .manual = item.completion else {
        if case .phase(let phase) = item.completion {
            let title = course.phase(withID: phase)?.title ?? phase
            throw CommandFailure(message: "“\(item.title)” is ticked for you when every lesson of \(title) is complete",
                                 hint: "run `cachebook progress` to see what is left")
        }
        throw CommandFailure(message: "“\(item.title)” cannot be ticked by hand")
    }
    return item
}

/// `cachebook reset`: forgets progress, for one lesson or the whole course.
struct ResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Forget your progress in one lesson, or in the whole course.",
        discussion: "Asks for confirmation first, unless --yes is given."
    )

    @Argument(help: ArgumentHelp("A lesson id or unique prefix. Without it, the whole course is reset.", valueName: "lesson"))
    var lesson: String?

    @Flag(name: .shortAndLong, help: "Do not ask for confirmation.")
    var yes = false

    @OptionGroup var course: CourseOptions
    @OptionGroup var state: StateOptions

    func run() throws {
        let workspace = try CourseWorkspace.open(course: course, state: state, environment: ProcessInfo.processInfo.environment)
        if let lesson {
            let found = try workspace.lesson(lesson)
            guard try confirm("Forget your progress in “\(found.title)”?", assumeYes: yes) else {
                print("Nothing was changed.")
                return
            }
            try workspace.updateProgress { $0.lessons[found.id] = nil }
            print("Your progress in “\(found.title)” is reset.")
        } else {
            guard try confirm("Forget all your progress in “\(workspace.course.title)”?", assumeYes: yes) else {
                print("Nothing was changed.")
                return
            }
            try workspace.updateProgress { $0 = CourseProgress() }
            print("Your progress in “\(workspace.course.title)” is reset.")
        }
    }
}
