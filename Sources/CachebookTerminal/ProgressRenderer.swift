import CachebookCourse
import CachebookProgress

/// Draws `cachebook progress`: the completion checklist, each lesson's status with time spent
/// against the plan, and what to do next.
public struct ProgressRenderer {
    public var completion: CourseCompletion
    public var width: Int

    public init(completion: CourseCompletion, width: Int) {
        self.completion = completion
        self.width = width
    }

    /// - Complexity: O(*l*) in the number of lessons.
    public func render() -> [StyledLine] {
        let course = completion.course
        var lines = TextWrapper.wrap([StyledText(course.title, style: .heading)], width: width)
        lines.append(StyledLine(String(repeating: "═", count: min(width, lines.map(\.width).max() ?? 1)), style: .heading))
        lines.append(StyledLine())
        lines.append(StyledLine("Checklist", style: .strong))
        for item in course.checklist {
            let ticked = completion.isTicked(item)
            var spans = [StyledText(ticked ? "  [x] " : "  [ ] ", style: ticked ? .success : .muted), StyledText(item.title)]
            if case .manual = item.completion, !ticked {
                spans.append(StyledText("  (cachebook done \(item.id))", style: .muted))
            }
            lines += TextWrapper.wrap(spans, width: width)
        }
        for (index, phase) in course.phases.enumerated() {
            let lessons = course.lessons(in: phase)
            guard !lessons.isEmpty else { continue }
            lines.append(StyledLine())
            lines.append(StyledLine("Phase \(index + 1) · \(phase.title)", style: .heading))
            for lesson in lessons {
                lines += row(for: lesson)
            }
        }
        lines.append(StyledLine())
        let planned = course.plannedMinutes
        let spent = Int((completion.activeSeconds / 60).rounded())
        let done = course.lessons.filter(completion.isComplete).count
        lines += TextWrapper.wrap([StyledText(
            "\(done) of \(course.lessons.count) lessons complete · \(spent) min studied of \(planned) min planned", style: .strong)], width: width)
        if let next = completion.nextLesson {
            lines += TextWrapper.wrap([StyledText("Next up: ", style: .strong), StyledText(next.title)], width: width)
            lines.append(StyledLine("  cachebook read " + next.id, style: .code))
        } else if !course.lessons.isEmpty {
            lines.append(StyledLine("Every lesson is complete. Well done!", style: .success))
        }
        return lines
    }

    private func row(for lesson: Lesson) -> [StyledLine] {
        let status = completion.status(of: lesson)
        let (box, label, style): (String, String, TextStyle) = switch status {
        case .unread: ("[ ]", "unread", .muted)
        case .read(let passed, let total): ("[-]", "read, \(passed)/\(total) exercises", .warning)
        case .complete: ("[x]", "complete", .success)
        }
        let minutes = Int((completion.progress[lesson: lesson.id].activeSeconds / 60).rounded())
        let time = "\(minutes)/\(lesson.duration.minutes) min"
        let left = [StyledText("  " + box + " ", style: style), StyledText(lesson.title)]
        let right = [StyledText(label, style: style), StyledText("  " + time, style: .muted)]
        let gap = width - StyledLine(left).width - StyledLine(right).width
        if gap >= 2 {
            return [StyledLine(left + [StyledText(String(repeating: " ", count: gap))] + right)]
        }
        return TextWrapper.wrap(left, width: width) + TextWrapper.wrap([StyledText("      ")] + right, width: width)
    }
}
