/// Checks that need the whole course: unique ids, known prerequisites, no prerequisite cycles.
package struct CourseValidator {
    let course: Course
    /// `course.yml` as shown in messages.
    let courseFilePath: String
    /// Whether to warn about phases without lessons: not when the course has no `course.yml`
    /// and uses the standard phases, which need not all be used.
    let checksEmptyPhases: Bool
    /// Files with errors already reported: their fields may be stand-ins (an `order` that did
    /// not parse counts as 0), which must not start further complaints.
    let brokenFiles: Set<String>

    package init(course: Course, courseFilePath: String, checksEmptyPhases: Bool, brokenFiles: Set<String> = []) {
        self.course = course
        self.courseFilePath = courseFilePath
        self.checksEmptyPhases = checksEmptyPhases
        self.brokenFiles = brokenFiles
    }

    package func validate() -> [Diagnostic] {
        duplicateIDs() + duplicateOrders() + unknownRequirements() + cycles() + emptyPhases()
    }

    private func duplicateIDs() -> [Diagnostic] {
        var firstByID: [String: Lesson] = [:]
        var diagnostics: [Diagnostic] = []
        for lesson in course.lessons.sorted(by: { $0.displayPath < $1.displayPath }) {
            if let first = firstByID[lesson.id] {
                diagnostics.append(.error(
                    "duplicate lesson id `\(lesson.id)`, already used by \(first.displayPath):\(first.location(ofField: "id").line)",
                    at: lesson.location(ofField: "id"), hint: "give each lesson its own id"
                ))
            } else {
                firstByID[lesson.id] = lesson
            }
        }
        return diagnostics
    }

    private func duplicateOrders() -> [Diagnostic] {
        struct Place: Hashable {
            var phase: String
            var order: Int
        }
        var diagnostics: [Diagnostic] = []
        var seen: [Place: Lesson] = [:]
        for lesson in course.lessons where !brokenFiles.contains(lesson.displayPath) {
            let place = Place(phase: lesson.phase, order: lesson.order)
            if let first = seen[place] {
                diagnostics.append(.warning(
                    "lessons `\(first.id)` and `\(lesson.id)` both have order \(lesson.order) in phase `\(lesson.phase)`",
                    at: lesson.location(ofField: "order"), hint: "give each lesson of a phase its own `order`; ties are broken by id"
                ))
            } else {
                seen[place] = lesson
            }
        }
        return diagnostics
    }

    private func unknownRequirements() -> [Diagnostic] {
        let ids = course.lessons.map(\.id)
        let phaseIDs = course.phases.map(\.id)
        var diagnostics: [Diagnostic] = []
        for lesson in course.lessons {
            for requirement in lesson.requires {
                switch requirement {
                case .lesson(let id) where !ids.contains(id):
                    diagnostics.append(.error(
                        "`requires` names unknown lesson `\(id)`", at: lesson.location(of: requirement),
                        hint: ClosestMatch.suggestion(for: id, among: ids).map { "did you mean `\($0)`?" }
                            ?? "use the id of another lesson, or `phase:ID` for a whole phase"
                    ))
                case .phase(let id) where !phaseIDs.contains(id):
                    diagnostics.append(.error(
                        "`requires` names unknown phase `\(id)`", at: lesson.location(of: requirement),
                        hint: "use one of " + phaseIDs.map { "`phase:\($0)`" }.joined(separator: ", ")
                    ))
                default:
                    break
                }
            }
        }
        return diagnostics
    }

    /// One diagnostic per prerequisite cycle, at the first lesson of the cycle in course order.
    private func cycles() -> [Diagnostic] {
        let index = Dictionary(course.lessons.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let edges: [[Int]] = course.lessons.map { lesson in
            course.prerequisites(of: lesson).compactMap { index[$0.id] }
        }
        // Iterative depth-first search: 0 = unvisited, 1 = on the current path, 2 = done.
        var state = [UInt8](repeating: 0, count: course.lessons.count)
        var reported = Set<[Int]>()
        var diagnostics: [Diagnostic] = []
        for start in course.lessons.indices where state[start] == 0 {
            var path: [(node: Int, nextEdge: Int)] = [(start, 0)]
            state[start] = 1
            while let (node, nextEdge) = path.last {
                if nextEdge < edges[node].count {
                    path[path.count - 1].nextEdge += 1
                    let target = edges[node][nextEdge]
                    if state[target] == 0 {
                        state[target] = 1
                        path.append((target, 0))
                    } else if state[target] == 1 {
                        let members = Array(path.map(\.node).drop(while: { $0 != target }))
                        let key = members.sorted()
                        guard reported.insert(key).inserted else { continue }
                        let first = members.min()!
                        let rotated = members.drop(while: { $0 != first }) + members.prefix(while: { $0 != first })
                        let names = (rotated + [first]).map { course.lessons[$0].id }.joined(separator: " → ")
                        let lesson = course.lessons[first]
                        diagnostics.append(.error(
                            "prerequisites form a cycle: \(names)", at: lesson.location(ofField: "requires"),
                            hint: "remove one of these `requires` entries so that the lessons can be taken in order"
                        ))
                    }
                } else {
                    state[node] = 2
                    path.removeLast()
                }
            }
        }
        return diagnostics
    }

    private func emptyPhases() -> [Diagnostic] {
        guard checksEmptyPhases else { return [] }
        return course.phases.filter { course.lessons(in: $0).isEmpty }.map { phase in
            Diagnostic(.warning, path: courseFilePath, line: 1, message: "phase `\(phase.id)` has no lessons",
                       hint: "add lessons with `phase: \(phase.id)`, or remove the phase")
        }
    }
}
