/// How many terminal columns text takes: wide East Asian characters and emoji take two, combining
/// marks and other zero-width characters take none.
public enum DisplayWidth {
    /// The columns `character` (one grapheme cluster) occupies.
    ///
    /// - Complexity: O(*s* + log *r*) for *s* scalars in the cluster and *r* wide ranges.
    public static func of(_ character: Character) -> Int {
        if let ascii = character.asciiValue {
            return ascii >= 0x20 && ascii != 0x7F ? 1 : 0
        }
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        let value = first.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if isZeroWidth(first) { return 0 }
        // Regional indicator pairs draw one flag, two columns wide.
        if (0x1F1E6...0x1F1FF).contains(value) { return 2 }
        if isWide(value) { return 2 }
        // Variation selector 16 asks for the emoji presentation of a text-default character.
        if scalars.contains(where: { $0.value == 0xFE0F }) && first.properties.isEmoji { return 2 }
        return 1
    }

    /// The columns `text` occupies.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    public static func of<S: StringProtocol>(_ text: S) -> Int {
        of(String(text))
    }

    /// The columns `text` occupies. Not generic, so that callers in other modules run code
    /// compiled for `String` rather than going through `StringProtocol`'s witnesses.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    public static func of(_ text: String) -> Int {
        var isASCII = true
        for byte in text.utf8 where byte >= 0x80 || byte < 0x20 || byte == 0x7F {
            isASCII = false
            break
        }
        if isASCII { return text.utf8.count }
        return widthOfSingleScalarClusters(text.unicodeScalars) ?? text.reduce(0) { $0 + of($1) }
    }

    /// The columns of text made only of scalars that are each a grapheme cluster of their own,
    /// whatever surrounds them: Latin-1 and Latin Extended (below U+0300, where combining marks
    /// start) and the punctuation, arrows, box drawing and symbols of U+2010–U+2BFF, without
    /// that block's format characters and combining marks. Transcripts are made of these, and
    /// splitting them into `Character`s cost twenty thousand instructions a line. `nil` for any
    /// other text.
    ///
    /// - Complexity: O(*n*) in the number of scalars.
    private static func widthOfSingleScalarClusters(_ scalars: String.UnicodeScalarView) -> Int? {
        var width = 0
        for scalar in scalars {
            let value = scalar.value
            if value < 0x300 {
                width += value < 0x20 || (0x7F..<0xA0).contains(value) ? 0 : 1
            } else if (0x2010...0x2BFF).contains(value), !(0x2028...0x202E).contains(value), !(0x2060...0x206F).contains(value),
                      !(0x20D0...0x20FF).contains(value) {
                width += isWide(value) ? 2 : 1
            } else {
                return nil
            }
        }
        return width
    }

    private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value == 0x00AD { return false }  // soft hyphen is visible in terminals
        if (0x1160...0x11FF).contains(scalar.value) { return true }  // Hangul medial vowels, final consonants
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return false
        }
    }

    package static func isWide(_ value: UInt32) -> Bool {
        guard value >= 0x1100 else { return false }
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = wideRanges[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }
}

extension String {
    /// This text padded with spaces to `width` columns, or cut to fit with an ellipsis.
    ///
    /// - Complexity: O(*n*) in the length of the text.
    public func fitted(toWidth width: Int, alignRight: Bool = false) -> String {
        var text = self
        if DisplayWidth.of(text) > width {
            var cut = ""
            var used = 0
            for character in text {
                let columns = DisplayWidth.of(character)
                if used + columns > width - 1 { break }
                cut.append(character)
                used += columns
            }
            text = cut + "…"
        }
        let padding = String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
        return alignRight ? padding + text : text + padding
    }
}
