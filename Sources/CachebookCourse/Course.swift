import Foundation

/// A whole course: its settings from `course.yml` and its lessons in study order.
public struct Course: Sendable {
    public var id: String
    public var title: String
    public var description: String
    public var phases: [Phase]
    public var checklist: [ChecklistItem]
    public var resources: [Resource]
    public var videos: [Video]
    /// Lets lessons carry raw HTML into the built site. Off by default.
    public var allowsUnsafeHTML: Bool
    /// In study order: by phase, then `order`, then id.
    public var lessons: [Lesson]
    /// The folder that holds `course.yml` and the lessons.
    public var rootDirectory: URL

    public init(
        id: String, title: String, description: String = "", phases: [Phase], checklist: [ChecklistItem] = [],
        resources: [Resource] = [], videos: [Video] = [], allowsUnsafeHTML: Bool = false,
        lessons: [Lesson] = [], rootDirectory: URL
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.phases = phases
        self.checklist = checklist
        self.resources = resources
        self.videos = videos
        self.allowsUnsafeHTML = allowsUnsafeHTML
        self.lessons = lessons
        self.rootDirectory = rootDirectory
    }

    /// The lessons of one phase, in order.
    public func lessons(in phase: Phase) -> [Lesson] {
        lessons.filter { $0.phase == phase.id }
    }

    public func phase(withID id: String) -> Phase? {
        phases.first { $0.id == id }
    }

    /// Planned minutes for a phase.
    public func plannedMinutes(in phase: Phase) -> Int {
        // Summed in place: a filtered array would copy every lesson of the phase.
        lessons.reduce(0) { $1.phase == phase.id ? $0 + $1.duration.minutes : $0 }
    }

    /// Planned minutes for the whole course.
    public var plannedMinutes: Int {
        lessons.reduce(0) { $0 + $1.duration.minutes }
    }

    public func lesson(withID id: String) -> Lesson? {
        lessons.first { $0.id == id }
    }

    /// Finds a lesson by exact id or by a prefix that only one id starts with.
    public func findLesson(_ reference: String) -> LessonLookup {
        if let exact = lesson(withID: reference) { return .found(exact) }
        let matches = lessons.filter { $0.id.hasPrefix(reference) }
        switch matches.count {
        case 1: return .found(matches[0])
        case 0: return .notFound(suggestion: ClosestMatch.suggestion(for: reference, among: lessons.map(\.id)))
        default: return .ambiguous(matches.map(\.id))
        }
    }

    /// The lessons a lesson's `requires` stands for, with phase requirements expanded.
    public func prerequisites(of lesson: Lesson) -> [Lesson] {
        var result: [Lesson] = []
        for requirement in lesson.requires {
            switch requirement {
            case .lesson(let id):
                if let required = self.lesson(withID: id), !result.contains(where: { $0.id == id }) { result.append(required) }
            case .phase(let phaseID):
                for required in lessons where required.phase == phaseID && !result.contains(where: { $0.id == required.id }) {
                    result.append(required)
                }
            }
        }
        return result
    }
}

/// The result of looking a lesson up by id or prefix.
public enum LessonLookup: Sendable {
    case found(Lesson)
    case notFound(suggestion: String?)
    case ambiguous([String])
}

/// A stage of the learning path: foundations, core, advanced.
public struct Phase: Hashable, Sendable {
    public var id: String
    public var title: String
    public var description: String
    public var requires: [Requirement]

    public init(id: String, title: String, description: String = "", requires: [Requirement] = []) {
        self.id = id
        self.title = title
        self.description = description
        self.requires = requires
    }

    /// The phases a course has when `course.yml` does not name any.
    public static let standard: [Phase] = [
        Phase(id: "foundations", title: "Foundations"),
        Phase(id: "core", title: "Core Concepts", requires: [.phase("foundations")]),
        Phase(id: "advanced", title: "Advanced Topics", requires: [.phase("core")]),
    ]
}

/// One line of the completion checklist.
public struct ChecklistItem: Hashable, Sendable {
    public enum Completion: Hashable, Sendable {
        /// Ticked when every lesson of the phase is complete.
        case phase(String)
        /// Ticked by hand with `cachebook done ID`.
        case manual
    }

    public var id: String
    public var title: String
    public var completion: Completion

    public init(id: String, title: String, completion: Completion) {
        self.id = id
        self.title = title
        self.completion = completion
    }
}

/// A further reading link.
public struct Resource: Hashable, Sendable {
    public var title: String
    public var url: String
    public var note: String

    public init(title: String, url: String, note: String = "") {
        self.title = title
        self.url = url
        self.note = note
    }
}

/// A supplementary video.
public struct Video: Hashable, Sendable {
    public var title: String
    public var source: String
    public var duration: String
    public var url: String

    public init(title: String, source: String = "", duration: String = "", url: String = "") {
        self.title = title
        self.source = source
        self.duration = duration
        self.url = url
    }
}

/// What must come before a lesson or phase.
public enum Requirement: Hashable, Sendable, CustomStringConvertible {
    case lesson(String)
    /// Every lesson of a phase, written `phase:ID`.
    case phase(String)

    public init(parsing text: String) {
        if text.hasPrefix("phase:") {
            self = .phase(String(text.dropFirst("phase:".count)).trimmingCharacters(in: .whitespaces))
        } else {
            self = .lesson(text)
        }
    }

    public var description: String {
        switch self {
        case .lesson(let id): id
        case .phase(let id): "phase:" + id
        }
    }
}
