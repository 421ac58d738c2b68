import Foundation

/// A template's frames, one for each shape of context it is rendered with: a lesson's page is
/// the lesson template filled with the lesson's texts, and lessons come in a few shapes (with or
/// without a previous lesson, so many objectives), so the engine renders each shape once.
final class TemplateFrames: @unchecked Sendable {
    private let source: String
    /// The engine's rendering of the template.
    private let render: @Sendable ([String: Any]) -> String
    private let lock = NSLock()
    /// By shape; `nil` for a shape whose template allows no frame.
    private var frames: [[UInt8]: TemplateFrame?] = [:]

    /// The frames of the template whose text is `source` and which the engine renders with
    /// `render`.
    init(source: String, render: @escaping @Sendable ([String: Any]) -> String) {
        (self.source, self.render) = (source, render)
    }

    /// The frames of the theme's template `name`.
    convenience init(template name: String, theme: Theme) {
        self.init(source: theme.source(of: name)) { theme.render(name, $0) }
    }

    /// The template rendered with `context`, as the parts to join, in order.
    ///
    /// - Complexity: O(*n*) in the size of `context`, plus one rendering by the engine for each
    ///   shape not seen before.
    func parts(_ context: TemplateContext) -> [String] {
        framedParts(context) ?? [render(context.engineValue)]
    }

    /// The template rendered with `context` through a frame, or `nil` if it has no frame.
    func framedParts(_ context: TemplateContext) -> [String]? {
        guard let (frame, values) = frame(for: context) else { return nil }
        return frame.parts(values.map { [$0] }, escape: Theme.escape)
    }

    /// The frame for `context`'s shape, made if not seen before, and `context`'s values for it;
    /// `nil` if the template allows no frame for that shape.
    func frame(for context: TemplateContext) -> (frame: TemplateFrame, values: [String])? {
        let (shape, values) = Self.shape(of: context)
        let frame: TemplateFrame?
        if let known = lock.withLock({ frames[shape] }) {
            frame = known
        } else {
            // Two threads may make the same frame at once; either is right.
            frame = TemplateFrame(source: source, context: Self.standIns(for: context), valueCount: values.count, render: render)
            lock.withLock { frames[shape] = frame }
        }
        return frame.map { ($0, values) }
    }

    /// `context`'s shape (its names, truth values and list lengths) and its texts and numbers as
    /// text, in order.
    ///
    /// - Complexity: O(*n*) in the size of `context`.
    static func shape(of context: TemplateContext) -> (shape: [UInt8], values: [String]) {
        var walk = Walk(makesStandIns: false)
        _ = walk.map(context)
        return (walk.shape, walk.values)
    }

    /// `context` as the engine takes it, with a stand-in for each of the texts and numbers that
    /// ``shape(of:)`` gives, in the same order.
    static func standIns(for context: TemplateContext) -> [String: Any] {
        var walk = Walk(makesStandIns: true)
        return walk.map(context) as? [String: Any] ?? [:]
    }

    /// A walk over a context, depth first, in the order of its names.
    private struct Walk {
        let makesStandIns: Bool
        /// Written as bytes: building it as a `String` cost more than the rest of the walk.
        var shape: [UInt8] = []
        var values: [String] = []

        /// Adds `value` to the shape and the values; returns it as the engine takes it, with
        /// stand-ins, if asked for (something else if not).
        private mutating func visit(_ value: TemplateValue) -> Any {
            switch value {
            case .text(let text): leaf(text)
            case .number(let number): leaf(String(number))
            case .flag(let flag): self.flag(flag)
            case .map(let map): self.map(map)
            case .texts(let texts): list(texts) { $0.leaf($1) }
            case .maps(let maps): list(maps) { $0.map($1) }
            }
        }

        mutating func map(_ map: TemplateContext) -> Any {
            shape.append(UInt8(ascii: "{"))
            var copies: [String: Any] = [:]
            for (name, value) in map.entries {
                // The length first, so that no two lists of names read the same.
                appendNumber(name.utf8.count)
                shape += name.utf8
                let copy = visit(value)
                if makesStandIns { copies[name] = copy }
            }
            shape.append(UInt8(ascii: "}"))
            return copies
        }

        private mutating func flag(_ flag: Bool) -> Any {
            shape.append(flag ? UInt8(ascii: "t") : UInt8(ascii: "f"))
            return flag
        }

        /// `number` in decimal, then a colon.
        private mutating func appendNumber(_ number: Int) {
            if number < 10 {
                shape.append(UInt8(ascii: "0") + UInt8(number))
            } else {
                shape += String(number).utf8
            }
            shape.append(UInt8(ascii: ":"))
        }

        private mutating func leaf(_ text: String) -> Any {
            values.append(text)
            shape.append(UInt8(ascii: "s"))
            return makesStandIns ? TemplateFrame.StandIn(values.count - 1) : ()
        }

        private mutating func list<Item>(_ items: [Item], _ visit: (inout Walk, Item) -> Any) -> Any {
            shape.append(UInt8(ascii: "["))
            appendNumber(items.count)
            var copies: [Any] = []
            for item in items {
                let copy = visit(&self, item)
                if makesStandIns { copies.append(copy) }
            }
            shape.append(UInt8(ascii: "]"))
            return copies
        }
    }
}
