import CachebookCourse
import CachebookNotebook
import Foundation

/// A fresh lesson parsed, run and rendered up to its page's template: what a build keeps of it
/// once its Markdown tree is gone.
struct PreparedLesson: Sendable {
    let lesson: Lesson
    /// The body for the lesson's own page.
    let body: LessonBody
    /// The body as the print view of the whole course shows it.
    let printBody: String
    let search: SearchIndex.Page
    let exerciseIDs: [String]
    let diagnostics: [Diagnostic]
    let referencedFiles: [String: Bool]

    /// Parses `lesson`, then, if the build can go on (`rendersBody`, and the lesson has no
    /// errors), runs its blocks (SQLite databases go under `scratch`) and renders it; otherwise
    /// its body is left empty, as no page of it will be written.
    ///
    /// - Complexity: O(*n*) in the length of the lesson, plus its simulations.
    init(lesson: Lesson, course: Course, scratch: URL, rendersBody: Bool) {
        let notebook = LessonNotebook(lesson: lesson)
        self.lesson = lesson
        exerciseIDs = notebook.exercises.map(\.id)
        diagnostics = notebook.diagnostics
        referencedFiles = notebook.referencedFiles
        guard rendersBody && !notebook.diagnostics.containsErrors else {
            (body, printBody, search) = (LessonBody(pieces: [""], exercises: [], headings: []), "", SearchIndex.Page(url: "", title: "", sections: []))
            return
        }
        let html = LessonHTML(notebook: notebook, courseID: course.id, allowsRawHTML: course.allowsUnsafeHTML,
                              databaseDirectory: scratch.appendingPathComponent(lesson.id))
        body = html.body()
        printBody = body.html(idPrefix: lesson.id + "--", root: "")
        search = SearchIndex.Page(url: LessonBuildCache.pagePath(lesson), title: lesson.title, sections: html.searchSections(headings: body.headings))
    }
}
