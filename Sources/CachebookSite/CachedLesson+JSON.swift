import Foundation

extension CachedLesson {
    /// The record as a file: the print body's length in bytes on a line, the record without its
    /// print body as one line of JSON, then the print body as it is. ``init(fileData:)`` reads
    /// it back, and refuses a file cut short.
    ///
    /// The print body is most of a record, and as a JSON string each of its attribute quotes
    /// took an escape: a thirtieth of a 1,000-lesson build.
    ///
    /// - Complexity: O(*n*) in the size of the record.
    func fileData() -> Data {
        var file = JSONBytes()
        file.raw("\(printBody.utf8.count)\n")
        json(into: &file)
        file.raw("\n")
        file.raw(printBody)
        return Data(file.bytes)
    }

    /// The record in `fileData`, as ``fileData()`` wrote it, or `nil` if it is not one.
    ///
    /// - Complexity: O(*n*) in the size of the record.
    init?(fileData: Data) {
        // The JSON line holds no newline: `JSONBytes` escapes every control character.
        let newline = UInt8(ascii: "\n")
        guard let lengthEnd = fileData.firstIndex(of: newline),
              let length = Int(String(decoding: fileData[..<lengthEnd], as: UTF8.self)),
              let jsonEnd = fileData[fileData.index(after: lengthEnd)...].firstIndex(of: newline),
              fileData.distance(from: jsonEnd, to: fileData.endIndex) == length + 1,
              var record = try? JSONDecoder().decode(CachedLesson.self, from: fileData[fileData.index(after: lengthEnd)..<jsonEnd])
        else { return nil }
        record.printBody = String(decoding: fileData[fileData.index(after: jsonEnd)...], as: UTF8.self)
        self = record
    }

    /// Appends the record without its print body to `json`, as JSON that `JSONDecoder` reads
    /// back, making room for the print body after it.
    ///
    /// Written by hand because every build writes a record per lesson, and `JSONEncoder`, mostly
    /// on the search words, took a tenth of a 1,000-lesson build.
    ///
    /// - Complexity: O(*n*) in the size of the record.
    private func json(into json: inout JSONBytes) {
        json.reserve(printBody.utf8.count + 4096)
        json.raw("{\"key\":")
        json.string(key)
        json.raw(",\"pageBytes\":\(pageBytes),\"search\":{\"url\":")
        json.string(search.url)
        json.raw(",\"title\":")
        json.string(search.title)
        json.raw(",\"sections\":")
        json.array(search.sections) { json, section in
            json.raw("{\"anchor\":")
            json.string(section.anchor)
            json.raw(",\"heading\":")
            json.string(section.heading)
            json.raw(",\"words\":\"")
            json.words(section.words)
            json.raw("\"}")
        }
        json.raw("},\"exerciseIDs\":")
        json.strings(exerciseIDs)
        json.raw(",\"warnings\":")
        json.array(warnings) { json, warning in
            json.raw("{\"path\":")
            json.string(warning.path)
            json.raw(",\"line\":\(warning.line),\"column\":\(warning.column),\"message\":")
            json.string(warning.message)
            json.raw(",\"hint\":")
            json.string(warning.hint)
            json.raw("}")
        }
        json.raw(",\"referencedFiles\":{")
        for (index, file) in referencedFiles.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { json.raw(",") }
            json.string(file.key)
            json.raw(file.value ? ":true" : ":false")
        }
        json.raw("}}")
    }
}

/// JSON text built up as UTF-8 bytes.
private struct JSONBytes {
    private(set) var bytes: [UInt8] = []

    mutating func reserve(_ count: Int) {
        bytes.reserveCapacity(count)
    }

    mutating func raw(_ text: String) {
        bytes += text.utf8
    }

    /// A string literal: `"` and `\` escaped, control characters as `\u00XX`, the rest as UTF-8.
    ///
    /// Escaped into a scratch buffer by pointer, then appended whole: print bodies are most of
    /// a record, and HTML's attribute quotes each take an escape.
    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            // At most six bytes (`\u00XX`) for each byte, and the two quotes.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: utf8.count * 6 + 2) { scratch in
                let start = scratch.baseAddress!
                var out = start
                out.pointee = UInt8(ascii: "\"")
                out += 1
                ByteRuns.forEach(in: utf8, mayPick: { ByteRuns.has($0, byteBelow: 0x20) || ByteRuns.has($0, byte: UInt8(ascii: "\"")) || ByteRuns.has($0, byte: UInt8(ascii: "\\")) },
                                 picks: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") },
                                 run: { run in
                    if let source = run.baseAddress { out.initialize(from: source, count: run.count) }
                    out += run.count
                }, picked: { byte in
                    if byte < 0x20 {
                        (out[0], out[1], out[2], out[3]) = (UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"))
                        (out[4], out[5]) = (Hex.digits[Int(byte >> 4)], Hex.digits[Int(byte & 0xF)])
                        out += 6
                    } else {
                        (out[0], out[1]) = (UInt8(ascii: "\\"), byte)
                        out += 2
                    }
                })
                out.pointee = UInt8(ascii: "\"")
                out += 1
                bytes.append(contentsOf: UnsafeBufferPointer(start: start, count: out - start))
            }
        }
    }

    /// Search words, in a string literal's quotes, separated by spaces (see
    /// ``SearchIndex/Page/Section``): as they are, since a word is letters and digits only, and
    /// so never needs an escape.
    mutating func words(_ words: [String]) {
        for (index, word) in words.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: " ")) }
            var word = word
            word.withUTF8 { bytes.append(contentsOf: $0) }
        }
    }

    mutating func strings(_ texts: [String]) {
        array(texts) { $0.string($1) }
    }

    /// `[`, each element as `write` puts it, separated by commas, `]`.
    mutating func array<Element>(_ elements: [Element], _ write: (inout JSONBytes, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(&self, element)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}
