import CachebookCourse
import CachebookMarkdown
import Foundation

/// The template contexts of the site's pages, and the pages rendered with the theme.
struct SitePages: Sendable {
    let course: Course
    let theme: Theme
    let liveReload: Bool
    let baseURL: String
    /// The course folder's name, which each lesson's source path starts with.
    private let sourceFolder: String
    /// The layout cut at each page's own values, when the layout allows it.
    private let layoutFrame: TemplateFrame?
    private let lessonFrames: TemplateFrames

    init(course: Course, theme: Theme, liveReload: Bool, baseURL: String) {
        (self.course, self.theme, self.liveReload, self.baseURL) = (course, theme, liveReload, baseURL)
        sourceFolder = course.rootDirectory.lastPathComponent
        let names = Self.layoutValueNames
        layoutFrame = TemplateFrame(
            source: theme.source(of: "layout"),
            context: Self.layoutConstants(course: course, liveReload: liveReload)
                .merging(names.indices.map { (names[$0], TemplateFrame.StandIn($0)) }) { _, standIn in standIn },
            valueCount: names.count) { theme.render("layout", $0) }
        lessonFrames = TemplateFrames(template: "lesson", theme: theme)
    }

    /// The layout's values that differ from page to page, in the order ``page(_:_:title:root:kind:lessonID:)`` gives them.
    private static let layoutValueNames = ["root", "pageTitle", "content", "pageKind", "lessonID"]

    /// The layout's values that every page shares.
    private static func layoutConstants(course: Course, liveReload: Bool) -> [String: Any] {
        ["courseTitle": course.title, "courseID": course.id, "liveReload": liveReload]
    }

    func lesson(index: Int, body: String) -> Data {
        let lesson = course.lessons[index]
        let phaseIndex = course.phases.firstIndex { $0.id == lesson.phase } ?? 0
        let prerequisites = course.prerequisites(of: lesson)
        var context: TemplateContext = [
            "root": .text("../"),
            "lessonID": .text(lesson.id),
            "title": .text(lesson.title),
            "summary": .text(lesson.summary),
            "duration": .text(lesson.duration.description),
            "phaseNumber": .number(phaseIndex + 1),
            "phaseTitle": .text(course.phases[phaseIndex].title),
            "position": .text("Lesson \(index + 1) of \(course.lessons.count)"),
            "objectives": .texts(lesson.objectives),
            "prerequisites": .maps(prerequisites.map { ["title": .text($0.title), "href": .text("\($0.id).html")] }),
            "hasPrerequisites": .flag(!prerequisites.isEmpty),
            "hasObjectives": .flag(!lesson.objectives.isEmpty),
            "body": .text(body),
            "sourcePath": .text(sourceFolder + "/" + lesson.coursePath),
        ]
        if index > 0 { context["previous"] = .map(["title": .text(course.lessons[index - 1].title), "href": .text("\(course.lessons[index - 1].id).html")]) }
        if index + 1 < course.lessons.count {
            context["next"] = .map(["title": .text(course.lessons[index + 1].title), "href": .text("\(course.lessons[index + 1].id).html")])
        }
        return inLayout(lessonFrames.parts(withSharedValues(context)), title: lesson.title, root: "../", kind: "lesson", lessonID: lesson.id)
    }

    func index() -> Data {
        page("index", indexContext(), title: nil, root: "", kind: "index")
    }

    func checklistPage() -> Data {
        page("checklist", checklistContext(), title: "Progress and checklist", root: "", kind: "checklist")
    }

    /// The index's context.
    func indexContext() -> TemplateContext {
        withSharedValues([
            "root": .text(""),
            "description": .text(course.description),
            "phases": .maps(phases()),
            "totalMinutes": .text(minutes(course.plannedMinutes)),
            "lessonCount": .number(course.lessons.count),
            "checklist": .maps(checklistItems()),
            "resources": .maps(course.resources.map { ["title": .text($0.title), "url": .text(Self.linkable($0.url)), "note": .text($0.note)] }),
            "hasResources": .flag(!course.resources.isEmpty),
            "videos": .maps(course.videos.map {
                ["title": .text($0.title), "url": .text(Self.linkable($0.url)), "source": .text($0.source), "duration": .text($0.duration)]
            }),
            "hasVideos": .flag(!course.videos.isEmpty),
        ])
    }

    /// The checklist page's context.
    func checklistContext() -> TemplateContext {
        withSharedValues(["root": .text(""), "checklist": .maps(checklistItems()), "phases": .maps(phases())])
    }

    /// The print view of the whole course, with each lesson's body as it shows there.
    func printView(bodies: [String]) -> Data {
        // Item by item, the bodies (most of the page) are copied only into the page's bytes.
        inLayout(itemized("print").parts(printContext(bodies: bodies)), title: "The whole course", root: "", kind: "print")
    }

    /// The print view's context.
    func printContext(bodies: [String]) -> TemplateContext {
        withSharedValues([
            "root": .text(""),
            "description": .text(course.description),
            "lessons": .maps(course.lessons.enumerated().map { index, lesson in
                ["id": .text(lesson.id), "title": .text(lesson.title), "duration": .text(lesson.duration.description),
                 "objectives": .texts(lesson.objectives), "phaseTitle": .text(course.phase(withID: lesson.phase)?.title ?? lesson.phase),
                 "body": .text(bodies[index])]
            }),
        ])
    }

    func notFound() -> Data {
        page("notfound", withSharedValues(["root": .text(baseURL)]), title: "Page not found", root: baseURL, kind: "notfound")
    }

    /// The table of contents and the course's structure, shared by every page as one script.
    func tableOfContentsScript(exercises: [[String]]) -> String {
        var js = "window.CACHEBOOK_TOC={course:{id:\(jsString(course.id)),title:\(jsString(course.title))},phases:["
        js += course.phases.enumerated().compactMap { number, phase -> String? in
            let positions = course.lessons.indices.filter { course.lessons[$0].phase == phase.id }
            guard !positions.isEmpty else { return nil }
            let items = positions.map { index in
                let lesson = course.lessons[index]
                return "{id:\(jsString(lesson.id)),title:\(jsString(lesson.title)),href:\(jsString("lessons/\(lesson.id).html")),minutes:\(lesson.duration.minutes),"
                    + "exercises:[" + exercises[index].map(jsString).joined(separator: ",") + "]}"
            }
            return "{id:\(jsString(phase.id)),number:\(number + 1),title:\(jsString(phase.title)),lessons:[" + items.joined(separator: ",") + "]}"
        }.joined(separator: ",")
        js += "],checklist:["
        js += course.checklist.map { item in
            switch item.completion {
            case .phase(let phase): "{id:\(jsString(item.id)),title:\(jsString(item.title)),phase:\(jsString(phase))}"
            case .manual: "{id:\(jsString(item.id)),title:\(jsString(item.title)),manual:true}"
            }
        }.joined(separator: ",")
        return js + "]};\n"
    }

    private func phases() -> [TemplateContext] {
        course.phases.enumerated().compactMap { number, phase in
            let lessons = course.lessons(in: phase)
            guard !lessons.isEmpty else { return nil }
            return [
                "number": .number(number + 1), "id": .text(phase.id), "title": .text(phase.title), "description": .text(phase.description),
                "minutes": .text(minutes(course.plannedMinutes(in: phase))),
                "lessons": .maps(lessons.map {
                    ["id": .text($0.id), "title": .text($0.title), "href": .text("lessons/\($0.id).html"), "duration": .text($0.duration.description),
                     "summary": .text($0.summary)]
                }),
            ]
        }
    }

    private func checklistItems() -> [TemplateContext] {
        course.checklist.map { item in
            var entry: TemplateContext = ["id": .text(item.id), "title": .text(item.title)]
            switch item.completion {
            case .phase(let phase): entry["phase"] = .text(course.phase(withID: phase)?.title ?? phase)
            case .manual: entry["manual"] = .flag(true)
            }
            return entry
        }
    }

    /// The URL, or nothing (the title is shown unlinked) when it could run code; lint reports it.
    private static func linkable(_ url: String) -> String {
        LinkTarget.isSafe(url) ? url : ""
    }

    private func minutes(_ minutes: Int) -> String {
        minutes >= 60 ? "\(minutes) min (\(LessonDuration.format(minutes: minutes)))" : "\(minutes) min"
    }

    /// Renders `template` with `context`, which has the shared values, inside the layout.
    private func page(_ template: String, _ context: TemplateContext, title: String?, root: String, kind: String, lessonID: String = "") -> Data {
        inLayout(itemized(template).parts(context), title: title, root: root, kind: kind, lessonID: lessonID)
    }

    /// The theme's template `name`, its lists rendered item by item.
    private func itemized(_ name: String) -> ItemizedTemplate {
        ItemizedTemplate(source: theme.source(of: name)) { [theme] in theme.render(name, $0) }
    }

    /// The values every page's own template is given.
    private var sharedValues: TemplateContext {
        ["courseTitle": .text(course.title), "courseID": .text(course.id)]
    }

    /// `context` with the ``sharedValues``.
    private func withSharedValues(_ context: TemplateContext) -> TemplateContext {
        var context = context
        for (name, value) in sharedValues.entries { context[name] = value }
        return context
    }

    /// `content`, a page's own template rendered (in parts to join), inside the layout.
    private func inLayout(_ content: [String], title: String?, root: String, kind: String, lessonID: String = "") -> Data {
        let values = [[root], [title.map { "\($0) · \(course.title)" } ?? course.title], content, [kind], [lessonID]]
        // A layout with a frame has no pragma of its own, so it escapes as every template does.
        if let layoutFrame { return Data(joining: layoutFrame.parts(values, escape: Theme.escape)) }
        return Data(theme.render("layout", Self.layoutConstants(course: course, liveReload: liveReload)
            .merging(zip(Self.layoutValueNames, values.map { $0.joined() as Any })) { _, value in value }).utf8)
    }
}

extension Data {
    /// The UTF-8 of `parts`, joined: each is copied once, into bytes allocated once.
    ///
    /// - Complexity: O(*n*) in the total length of the parts.
    init(joining parts: [String]) {
        // Copied straight into a buffer the data then owns: `Data.append` costs more per call
        // than a page's forty-odd parts take to copy.
        let count = parts.reduce(0) { $0 + $1.utf8.count }
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1), alignment: 1)
        var offset = 0
        for var part in parts {
            part.withUTF8 { utf8 in
                if let base = utf8.baseAddress { (bytes + offset).copyMemory(from: base, byteCount: utf8.count) }
                offset += utf8.count
            }
        }
        self.init(bytesNoCopy: bytes, count: count, deallocator: .custom { pointer, _ in pointer.deallocate() })
    }
}
