import Foundation

extension SourceText {
    /// Why a file could not be read as source text.
    public enum FileError: Error, Sendable {
        /// Missing, a folder, or not readable.
        case unreadable
        /// Over `CourseLoader.maximumFileBytes`; `bytes` is the file's size.
        case tooLarge(bytes: Int)
        case invalidUTF8(line: Int, column: Int)
    }

    /// The text of the file at `path`, decoded as ``init(decoding:)`` does. A file over
    /// `CourseLoader.maximumFileBytes` is refused without being read whole.
    ///
    /// - Complexity: O(*n*) in the file's size, at most `CourseLoader.maximumFileBytes`.
    public init(contentsOfFile path: String) throws(FileError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
              let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable }
        defer { try? handle.close() }
        // One byte more than allowed tells a file at the limit from one over it.
        let data: Data
        do {
            data = try handle.read(upToCount: CourseLoader.maximumFileBytes + 1) ?? Data()
        } catch {
            throw .unreadable
        }
        guard data.count <= CourseLoader.maximumFileBytes else {
            throw .tooLarge(bytes: (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? data.count)
        }
        do {
            self = try SourceText(decoding: data)
        } catch {
            switch error {
            case .invalidUTF8(let line, let column): throw .invalidUTF8(line: line, column: column)
            }
        }
    }
}
