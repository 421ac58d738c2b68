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
    func parts(_ context: [String: Any]) -> [String] {
        guard let (frame, values) = frame(for: context) else { return [render(context)] }
        return frame.parts(values.map { [$0] }, escape: Theme.escape)
    }

    /// The frame for `context`'s shape, made if not seen before, and `context`'s values for it;
    /// `nil` if the template allows no frame for that shape.
    func frame(for context: [String: Any]) -> (frame: TemplateFrame, values: [String])? {
        guard let (shape, values) = Self.shape(of: context) else { return nil }
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

    /// `context`'s shape (its keys, truth values and list lengths) and its texts and numbers as
    /// text, in order; `nil` for a context with values of other types.
    ///
    /// - Complexity: O(*n* log *n*) in the size of `context`.
    static func shape(of context: [String: Any]) -> (shape: [UInt8], values: [String])? {
        var walk = Walk(makesStandIns: false)
        return walk.visit(context) == nil ? nil : (walk.shape, walk.values)
    }

    /// `context` with a stand-in for each of the texts and numbers that ``shape(of:)`` gives, in
    /// the same order.
    static func standIns(for context: [String: Any]) -> [String: Any] {
        var walk = Walk(makesStandIns: true)
        return walk.visit(context) as? [String: Any] ?? [:]
    }

    /// A walk over a context, depth first, maps in the order of their keys.
    private struct Walk {
        let makesStandIns: Bool
        /// Written as bytes: building it as a `String` cost more than the rest of the walk.
        var shape: [UInt8] = []
        var values: [String] = []

        /// Adds `value` to the shape and the values; returns its copy with stand-ins if asked
        /// for (something else if not), or `nil` for a value of another type. The common types
        /// are tried first, as each failed cast costs a lookup.
        mutating func visit(_ value: Any) -> Any? {
            switch value {
            case let text as String:
                return leaf(text)
            case let map as [String: Any]:
                return self.map(map)
            case let flag as Bool:
                return self.flag(flag)
            case let number as Int:
                return leaf("\(number)")
            case let texts as [String]:
                return list(texts)
            case let maps as [[String: Any]]:
                return list(maps)
            case let items as [Any]:
                return list(items)
            case let number as Double:
                return leaf("\(number)")
            default:
                return nil
            }
        }

        private mutating func map(_ map: [String: Any]) -> Any? {
            shape.append(UInt8(ascii: "{"))
            var copies: [String: Any] = [:]
            for (key, item) in map.sorted(by: { $0.key < $1.key }) {
                // The length first, so that no two lists of keys read the same.
                appendNumber(key.utf8.count)
                shape += key.utf8
                guard let copy = visit(item) else { return nil }
                if makesStandIns { copies[key] = copy }
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
            shape += String(number).utf8
            shape.append(UInt8(ascii: ":"))
        }

        private mutating func leaf(_ text: String) -> Any {
            values.append(text)
            shape.append(UInt8(ascii: "s"))
            return makesStandIns ? TemplateFrame.StandIn(values.count - 1) : ()
        }

        private mutating func list<Item>(_ items: [Item]) -> Any? {
            shape.append(UInt8(ascii: "["))
            appendNumber(items.count)
            var copies: [Any] = []
            for item in items {
                guard let copy = visit(item) else { return nil }
                if makesStandIns { copies.append(copy) }
            }
            shape.append(UInt8(ascii: "]"))
            return copies
        }
    }
}
