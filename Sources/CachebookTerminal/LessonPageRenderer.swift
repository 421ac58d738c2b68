import CachebookCourse
import CachebookMarkdown
import CachebookNotebook
import Foundation

/// Renders a lesson for reading in the terminal: its title, where it sits in the course, what it
/// requires, its objectives, then the body.
public struct LessonPageRenderer {
    public var width: Int
    public var markdown: MarkdownTerminalRenderer

    public init(width: Int, codeBlockOverride: MarkdownTerminalRenderer.CodeBlockOverride? = nil) {
        self.width = width
        self.markdown = MarkdownTerminalRenderer(width: width, codeBlockOverride: codeBlockOverride)
    }

    /// A lesson of `course`, notebook-style: runnable blocks with their computed output.
    public static func notebookPage(_ notebook: LessonNotebook, in course: Course, width: Int, databaseDirectory: URL?) -> [StyledLine] {
        let blocks = NotebookBlocks(notebook: notebook, databaseDirectory: databaseDirectory)
        return LessonPageRenderer(width: width, codeBlockOverride: blocks.override).render(notebook.lesson, in: course, document: notebook.document)
    }

    /// A lesson of `course`.
    ///
    /// - Complexity: O(*n*) in the size of the lesson.
    public func render(_ lesson: Lesson, in course: Course, document: MarkdownDocument? = nil) -> [StyledLine] {
        var facts: [String] = []
        if let phaseIndex = course.phases.firstIndex(where: { $0.id == lesson.phase }) {
            facts.append("Phase \(phaseIndex + 1) · \(course.phases[phaseIndex].title)")
        }
        if let position = course.lessons.firstIndex(where: { $0.id == lesson.id }) {
            facts.append("lesson \(position + 1) of \(course.lessons.count)")
        }
        facts.append(lesson.duration.description)
        var header = TextWrapper.wrap([StyledText(facts.joined(separator: " · "), style: .muted)], width: width)
        let prerequisites = course.prerequisites(of: lesson)
        if !prerequisites.isEmpty {
            header += TextWrapper.wrap(
                [StyledText("Requires: ", style: .muted), StyledText(prerequisites.map(\.title).joined(separator: ", "), style: .muted)],
                width: width)
        }
        return page(title: lesson.title, header: header, objectives: lesson.objectives, document: document ?? lesson.parseBody())
    }

    /// A Markdown file outside any course, such as a draft.
    public func render(_ draft: DraftFile) -> [StyledLine] {
        page(title: draft.title, header: [], objectives: draft.objectives,
             document: CommonMarkConverter.parse(draft.body, lineOffset: draft.bodyLineOffset))
    }

    private func page(title: String?, header: [StyledLine], objectives: [String], document: MarkdownDocument) -> [StyledLine] {
        var document = document
        var lines: [StyledLine] = []
        if let title {
            // The body usually opens with the same title as an H1; show it once, at the top.
            if case .heading(let heading) = document.blocks.first, heading.level == 1 {
                document.blocks.removeFirst()
                lines += markdown.render(MarkdownDocument(blocks: [.heading(heading)]))
            } else {
                lines += markdown.render(MarkdownDocument(blocks: [.heading(Heading(
                    level: 1, content: [.text(title)], range: SourceRange(start: .init(line: 1, column: 1), end: .init(line: 1, column: 1))))]))
            }
        }
        lines += header
        if !objectives.isEmpty {
            lines.append(StyledLine())
            lines.append(StyledLine("Objectives", style: .strong))
            for objective in objectives {
                lines += TextWrapper.wrap([StyledText(objective)], width: width - 4).enumerated().map { index, line in
                    line.prefixed(by: [StyledText(index == 0 ? "  • " : "    ", style: .muted)])
                }
            }
        }
        let body = markdown.render(document)
        if !lines.isEmpty && !body.isEmpty { lines.append(StyledLine()) }
        return lines + body
    }
}
