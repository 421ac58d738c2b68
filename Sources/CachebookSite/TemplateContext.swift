/// A value a page gives its template: text, a truth value, a number, a list of texts, a map, or
/// a list of maps, which is all the site's pages use.
///
/// Typed, not `Any`, so that walking a context (``TemplateFrames``, ``ItemizedTemplate``) is a
/// `switch`: as `[String: Any]`, every value cost a few dynamic casts (about 500 instructions
/// each), and a lesson's page about 25,000 instructions before any text was copied. The engine
/// gets ``TemplateContext/engineValue``.
enum TemplateValue: Sendable {
    case text(String)
    case flag(Bool)
    case number(Int)
    case texts([String])
    case map(TemplateContext)
    case maps([TemplateContext])

    /// The value as the template engine takes it.
    var engineValue: Any {
        switch self {
        case .text(let text): text
        case .flag(let flag): flag
        case .number(let number): number
        case .texts(let texts): texts
        case .map(let map): map.engineValue
        case .maps(let maps): maps.map(\.engineValue)
        }
    }
}

/// A template's context: named values in the order they were given (a context's shape, in
/// ``TemplateFrames``, follows that order, so the same code gives the same shape).
struct TemplateContext: Sendable, ExpressibleByDictionaryLiteral {
    private(set) var entries: [(name: String, value: TemplateValue)]

    init() {
        entries = []
    }

    /// A context of distinct names, as a dictionary literal's must be; debug builds check it.
    /// (Given twice, a name's last value is the one every reader sees, as in ``engineValue``.)
    init(dictionaryLiteral elements: (String, TemplateValue)...) {
        entries = elements.map { (name: $0.0, value: $0.1) }
        assert(Set(entries.map(\.name)).count == entries.count, "a name is given twice")
    }

    /// The value named `name`; setting one replaces it where it was, or adds it at the end.
    ///
    /// - Complexity: O(*n*) in the number of values: contexts are a few dozen names at most.
    subscript(name: String) -> TemplateValue? {
        get { entries.last { $0.name == name }?.value }
        set {
            let index = entries.lastIndex { $0.name == name }
            switch (index, newValue) {
            case (let index?, let value?): entries[index].value = value
            case (let index?, nil): entries.remove(at: index)
            case (nil, let value?): entries.append((name, value))
            case (nil, nil): break
            }
        }
    }

    /// The context as the template engine takes it.
    var engineValue: [String: Any] {
        Dictionary(entries.map { ($0.name, $0.value.engineValue) }, uniquingKeysWith: { _, last in last })
    }
}
