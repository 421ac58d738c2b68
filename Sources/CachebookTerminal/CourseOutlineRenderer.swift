import CachebookText
import CachebookCourse
import CachebookProgress

/// Draws the course outline: phases in order with their descriptions, lessons with their ids and
/// durations, planned time per phase and in total, and the next lesson to take.
public struct CourseOutlineRenderer {
    public var completion: CourseCompletion
    public var width: Int

    public init(completion: CourseCompletion, width: Int) {
        self.completion = completion
        self.width = width
    }

    private var course: Course { completion.course }

    /// - Complexity: O(*l* · *p*) for *l* lessons in *p* phases.
    public func render() -> [StyledLine] {
        var lines = TextWrapper.wrap([StyledText(course.title, style: .heading)], width: width)
        lines.append(StyledLine(String(repeating: "═", count: min(width, lines.map(\.width).max() ?? 1)), style: .heading))
        let phaseCount = course.phases.filter { !course.lessons(in: $0).isEmpty }.count
        lines += TextWrapper.wrap([StyledText("\(course.lessons.count) lessons in \(phaseCount) phases · \(minutes(course.plannedMinutes)) planned",
                                              style: .muted)], width: width)
        for (index, phase) in course.phases.enumerated() {
            let lessons = course.lessons(in: phase)
            guard !lessons.isEmpty else { continue }
            lines.append(StyledLine())
            lines += phaseHeader(phase, number: index + 1)
            if !phase.description.isEmpty {
                lines += TextWrapper.wrap([StyledText(phase.description, style: .muted)], width: width, indent: "  ")
            }
            lines.append(StyledLine())
            for lesson in lessons {
                lines += lessonRows(lesson)
            }
        }
        lines.append(StyledLine())
        lines += row(left: [StyledText("Total", style: .strong)], right: minutes(course.plannedMinutes))
        if let nextLesson = completion.nextLesson {
            lines.append(StyledLine())
            lines += TextWrapper.wrap([StyledText("Next up: ", style: .strong), StyledText(nextLesson.title)], width: width)
            lines += TextWrapper.wrap([StyledText("cachebook read " + nextLesson.id, style: .code)], width: width, indent: "  ")
        } else if !course.lessons.isEmpty {
            lines.append(StyledLine())
            lines.append(StyledLine("Every lesson is complete. Well done!", style: .success))
        }
        return lines
    }

    private func phaseHeader(_ phase: Phase, number: Int) -> [StyledLine] {
        var title = "Phase \(number) · \(phase.title)"
        let prerequisites = phase.requires.compactMap { requirement -> String? in
            guard case .phase(let id) = requirement, let index = course.phases.firstIndex(where: { $0.id == id }) else { return nil }
            return "Phase \(index + 1)"
        }
        if !prerequisites.isEmpty { title += " (after " + prerequisites.joined(separator: ", ") + ")" }
        return row(left: [StyledText(title, style: .heading)], right: minutes(course.plannedMinutes(in: phase)))
    }

    private func lessonRows(_ lesson: Lesson) -> [StyledLine] {
        let (box, boxStyle): (String, TextStyle) = switch completion.status(of: lesson) {
        case .unread: ("[ ]", .muted)
        case .read: ("[-]", .warning)
        case .complete: ("[x]", .success)
        }
        let left = [StyledText("  " + box + " ", style: boxStyle), StyledText(lesson.title), StyledText("  " + lesson.id, style: .muted)]
        let single = row(left: left, right: lesson.duration.description)
        if single.count == 1 { return single }
        // Too narrow for one row: the id moves to its own line.
        return row(left: Array(left.prefix(2)), right: lesson.duration.description)
            + TextWrapper.wrap([StyledText(lesson.id, style: .muted)], width: width, indent: "      ")
    }

    /// `left` and `right` with dots between them, so that durations line up at the right margin.
    /// When they do not fit on one line, `left` is wrapped and `right` gets a line of its own.
    private func row(left: [StyledText], right: String) -> [StyledLine] {
        let gap = width - StyledLine(left).width - DisplayWidth.of(right) - 2
        guard gap < 1 else {
            return [StyledLine(left + [StyledText(" " + String(repeating: "·", count: gap) + " ", style: .muted), StyledText(right)])]
        }
        let rightLine = StyledLine(String(repeating: " ", count: max(0, width - DisplayWidth.of(right))) + right)
        return TextWrapper.wrap(left, width: width) + [rightLine]
    }

    private func minutes(_ minutes: Int) -> String {
        minutes >= 60 ? "\(minutes) min (\(LessonDuration.format(minutes: minutes)))" : "\(minutes) min"
    }
}
