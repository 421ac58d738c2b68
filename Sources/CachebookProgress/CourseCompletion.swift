import CachebookCourse

/// Where a learner stands in a course: which lessons and phases are complete, which checklist
/// items are ticked, and what to take next.
///
/// A lesson is complete when it has been read and every one of its exercises has passed; a
/// phase when all its lessons are. Checklist items tied to a phase follow the phase; manual
/// items are ticked by hand.
public struct CourseCompletion: Sendable {
    public let course: Course
    public let progress: CourseProgress
    /// The exercise ids of each lesson, by lesson id.
    public let exercises: [String: [String]]

    public init(course: Course, progress: CourseProgress, exercises: [String: [String]]) {
        self.course = course
        self.progress = progress
        self.exercises = exercises
    }

    public enum LessonStatus: Hashable, Sendable {
        case unread
        /// Read, with `passed` of `total` exercises passed (`passed < total`).
        case read(passed: Int, total: Int)
        case complete
    }

    /// - Complexity: O(*e*) in the lesson's exercises.
    public func status(of lesson: Lesson) -> LessonStatus {
        let record = progress[lesson: lesson.id]
        let ids = exercises[lesson.id] ?? []
        let passed = ids.filter { record[exercise: $0].status == .passed }.count
        guard record.isRead else { return .unread }
        return passed == ids.count ? .complete : .read(passed: passed, total: ids.count)
    }

    public func isComplete(_ lesson: Lesson) -> Bool {
        status(of: lesson) == .complete
    }

    /// A phase with no lessons is not complete: there is nothing to have done.
    public func isComplete(phase: Phase) -> Bool {
        let lessons = course.lessons(in: phase)
        return !lessons.isEmpty && lessons.allSatisfy(isComplete)
    }

    public func isTicked(_ item: ChecklistItem) -> Bool {
        switch item.completion {
        case .phase(let id): course.phase(withID: id).map(isComplete(phase:)) ?? false
        case .manual: progress.checklist[item.id] != nil
        }
    }

    /// The first lesson in course order that is not complete, or `nil` when all are.
    public var nextLesson: Lesson? {
        course.lessons.first { !isComplete($0) }
    }

    /// Prerequisites of `lesson` that are not complete yet.
    public func unmetPrerequisites(of lesson: Lesson) -> [Lesson] {
        course.prerequisites(of: lesson).filter { !isComplete($0) }
    }

    /// Study time recorded for the whole course, in seconds.
    public var activeSeconds: Double {
        course.lessons.reduce(0) { $0 + progress[lesson: $1.id].activeSeconds }
    }
}
