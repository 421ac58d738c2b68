/// HTML being written, as UTF-8 bytes.
///
/// The renderers append a thousand-odd pieces to each lesson's body. Appending to a `String`
/// cost about 360 instructions a piece (its checks for capacity, uniqueness and ASCII-ness,
/// each time); appending to an array of bytes a small fraction of that, and escaped text goes
/// straight in, without a `String` of its own.
struct HTMLOutput {
    private(set) var bytes: [UInt8] = []

    /// Markup written in the code, such as a tag.
    ///
    /// - Complexity: O(*n*) in the length of `markup`.
    @inline(__always)
    mutating func append(_ markup: StaticString) {
        markup.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// HTML made elsewhere, as it is.
    ///
    /// - Complexity: O(*n*) in the length of `html`.
    mutating func append(html: String) {
        var html = html
        html.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Text, escaped as ``HTML/escape(_:)`` escapes it.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    mutating func append(escaping text: String) {
        HTML.appendEscaped(text, to: &bytes)
    }

    /// A number in decimal.
    mutating func append(_ number: Int) {
        append(html: String(number))
    }

    /// The HTML written.
    var string: String {
        String(decoding: bytes, as: UTF8.self)
    }
}
