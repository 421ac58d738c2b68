import Foundation

/// Everything a learner has done, across courses. This is what `progress.json` holds, and what
/// the course website exports and imports.
///
/// Ids are plain strings: entries for lessons or exercises a course no longer has are kept and
/// ignored, so that renaming a lesson back, or switching between course versions, loses nothing.
public struct LearnerProgress: Codable, Hashable, Sendable {
    /// The file format this build writes. A future release that changes the format bumps it and
    /// migrates older files when reading them.
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var courses: [String: CourseProgress]

    public init(formatVersion: Int = LearnerProgress.currentFormatVersion, courses: [String: CourseProgress] = [:]) {
        self.formatVersion = formatVersion
        self.courses = courses
    }

    /// The progress of one course, empty if the learner has not started it.
    public subscript(course id: String) -> CourseProgress {
        get { courses[id] ?? CourseProgress() }
        set { courses[id] = newValue }
    }
}

/// A learner's progress in one course.
public struct CourseProgress: Codable, Hashable, Sendable {
    public var lessons: [String: LessonProgress]
    /// Checklist items ticked by hand, by id.
    public var checklist: [String: ChecklistTick]
    /// The last thing the learner did, used to count active study time.
    public var lastActivity: Activity?

    public init(lessons: [String: LessonProgress] = [:], checklist: [String: ChecklistTick] = [:], lastActivity: Activity? = nil) {
        self.lessons = lessons
        self.checklist = checklist
        self.lastActivity = lastActivity
    }

    public subscript(lesson id: String) -> LessonProgress {
        get { lessons[id] ?? LessonProgress() }
        set { lessons[id] = newValue }
    }

    /// Gaps longer than this between two actions are breaks, not study time.
    public static let idleCutoff: TimeInterval = 30 * 60

    /// Notes an action on `lesson` at `date`. The time since the previous action counts as study
    /// time of the lesson the learner was on then, unless the gap was a break.
    public mutating func recordActivity(on lesson: String, at date: Date) {
        if let last = lastActivity {
            let gap = date.timeIntervalSince(last.at)
            if gap > 0 && gap <= Self.idleCutoff {
                self[lesson: last.lesson].activeSeconds += gap.rounded()
            }
        }
        lastActivity = Activity(lesson: lesson, at: date)
    }
}

/// One lesson's progress.
public struct LessonProgress: Codable, Hashable, Sendable {
    public var firstReadAt: Date?
    public var lastReadAt: Date?
    /// Study time, in whole seconds, counted from the gaps between the learner's actions.
    public var activeSeconds: Double
    public var exercises: [String: ExerciseProgress]

    public init(firstReadAt: Date? = nil, lastReadAt: Date? = nil, activeSeconds: Double = 0, exercises: [String: ExerciseProgress] = [:]) {
        self.firstReadAt = firstReadAt
        self.lastReadAt = lastReadAt
        self.activeSeconds = activeSeconds
        self.exercises = exercises
    }

    public var isRead: Bool { firstReadAt != nil }

    public subscript(exercise id: String) -> ExerciseProgress {
        get { exercises[id] ?? ExerciseProgress() }
        set { exercises[id] = newValue }
    }

    /// Marks the lesson read at `date`.
    public mutating func markRead(at date: Date) {
        if firstReadAt == nil { firstReadAt = date }
        lastReadAt = date
    }
}

/// One exercise's progress.
public struct ExerciseProgress: Codable, Hashable, Sendable {
    public enum Status: String, Codable, Hashable, Sendable {
        case notAttempted = "not-attempted"
        /// Tried, not yet right.
        case attempted
        case passed
        /// The learner asked for the solution before passing. It does not count as passed.
        case revealed
    }

    public var status: Status
    public var attempts: Int
    public var hintsShown: Int
    public var passedAt: Date?
    public var revealedAt: Date?

    public init(status: Status = .notAttempted, attempts: Int = 0, hintsShown: Int = 0, passedAt: Date? = nil, revealedAt: Date? = nil) {
        self.status = status
        self.attempts = attempts
        self.hintsShown = hintsShown
        self.passedAt = passedAt
        self.revealedAt = revealedAt
    }

    /// Records an attempt. A pass is kept once earned: a later wrong answer does not undo it.
    public mutating func recordAttempt(correct: Bool, at date: Date) {
        attempts += 1
        if correct {
            if status != .passed { passedAt = date }
            status = .passed
        } else if status == .notAttempted {
            status = .attempted
        }
    }

    /// Records that the solution was shown. A passed exercise stays passed.
    public mutating func recordReveal(at date: Date) {
        if status != .passed { status = .revealed }
        if revealedAt == nil { revealedAt = date }
    }
}

/// A checklist item ticked by hand.
public struct ChecklistTick: Codable, Hashable, Sendable {
    public var tickedAt: Date

    public init(tickedAt: Date) {
        self.tickedAt = tickedAt
    }
}

/// Which lesson the learner touched last, and when.
public struct Activity: Codable, Hashable, Sendable {
    public var lesson: String
    public var at: Date

    public init(lesson: String, at: Date) {
        self.lesson = lesson
        self.at = at
    }
}

extension LearnerProgress {
    /// Folds `other` into this progress, keeping the furthest state of everything: a pass beats
    /// a reveal beats an attempt, the earliest first read and the latest last read win, and
    /// checklist ticks from either side are kept. Merging the same file twice changes nothing.
    ///
    /// - Complexity: O(*n*) in the number of entries.
    public mutating func merge(_ other: LearnerProgress) {
        for (courseID, theirs) in other.courses {
            var course = self[course: courseID]
            for (lessonID, theirLesson) in theirs.lessons {
                var lesson = course[lesson: lessonID]
                lesson.firstReadAt = [lesson.firstReadAt, theirLesson.firstReadAt].compactMap { $0 }.min()
                lesson.lastReadAt = [lesson.lastReadAt, theirLesson.lastReadAt].compactMap { $0 }.max()
                lesson.activeSeconds = max(lesson.activeSeconds, theirLesson.activeSeconds)
                for (exerciseID, theirExercise) in theirLesson.exercises {
                    var exercise = lesson[exercise: exerciseID]
                    exercise.status = [exercise.status, theirExercise.status].max { $0.rank < $1.rank }!
                    exercise.attempts = max(exercise.attempts, theirExercise.attempts)
                    exercise.hintsShown = max(exercise.hintsShown, theirExercise.hintsShown)
                    exercise.passedAt = [exercise.passedAt, theirExercise.passedAt].compactMap { $0 }.min()
                    exercise.revealedAt = [exercise.revealedAt, theirExercise.revealedAt].compactMap { $0 }.min()
                    lesson[exercise: exerciseID] = exercise
                }
                course[lesson: lessonID] = lesson
            }
            for (itemID, tick) in theirs.checklist {
                course.checklist[itemID] = course.checklist[itemID].map { $0.tickedAt <= tick.tickedAt ? $0 : tick } ?? tick
            }
            if let theirActivity = theirs.lastActivity, theirActivity.at > (course.lastActivity?.at ?? .distantPast) {
                course.lastActivity = theirActivity
            }
            self[course: courseID] = course
        }
    }
}

extension ExerciseProgress.Status {
    /// How far along a status is, for merging.
    var rank: Int {
        switch self {
        case .notAttempted: 0
        case .attempted: 1
        case .revealed: 2
        case .passed: 3
        }
    }
}
