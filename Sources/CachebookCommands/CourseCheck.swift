import CachebookCourse
import CachebookNotebook

/// Everything lint knows about a course: the course's own diagnostics and each lesson
/// notebook's, together.
struct CourseCheck {
    let workspace: CourseWorkspace
    let notebooks: [LessonNotebook]

    init(workspace: CourseWorkspace) {
        self.workspace = workspace
        self.notebooks = workspace.notebooks()
    }

    /// Sorted by file and position.
    var diagnostics: [Diagnostic] {
        (workspace.loaded.diagnostics + notebooks.flatMap(\.diagnostics)).sortedByLocation()
    }
}
