@testable import CachebookSite

// The site builds its contexts typed; the tests write theirs as the engine takes them, and
// convert them to compare both ways of rendering.

extension TemplateValue {
    /// The value of `any`, as the engine would take it, or `nil` for a type the site does not
    /// use.
    init?(_ any: Any) {
        switch any {
        case let text as String: self = .text(text)
        case let map as [String: Any]: guard let map = TemplateContext(map) else { return nil }; self = .map(map)
        case let flag as Bool: self = .flag(flag)
        case let number as Int: self = .number(number)
        case let items as [Any]:
            // An empty list is a list of texts to any cast, and prints nothing either way.
            if let texts = items as? [String] {
                self = .texts(texts)
            } else if let maps = items as? [[String: Any]] {
                let typed = maps.compactMap(TemplateContext.init)
                guard typed.count == maps.count else { return nil }
                self = .maps(typed)
            } else {
                return nil
            }
        default: return nil
        }
    }
}

extension TemplateContext {
    /// The context of `dictionary`, its names sorted, as the engine would take it; `nil` if a
    /// value has a type the site does not use.
    init?(_ dictionary: [String: Any]) {
        self.init()
        for (name, any) in dictionary.sorted(by: { $0.key < $1.key }) {
            guard let value = TemplateValue(any) else { return nil }
            self[name] = value
        }
    }
}
