import Crypto
import Foundation

/// How exercise answers are checked in the browser without the answer being readable in the
/// page: the page holds a salted SHA-256 of each accepted answer, normalized the same way the
/// command line normalizes it (``CachebookNotebook/AnswerNormalization``), and texts that may
/// only be seen after a right answer are encrypted with a key derived from that answer.
///
/// `site/assets/cachebook.js` implements the same functions; `Tests/Shared/answer-vectors.json`
/// checks that both sides agree.
public enum AnswerHashing {
    /// The salt of an exercise: stable across builds, different for every exercise.
    public static func salt(course: String, lesson: String, exercise: String) -> String {
        String(Hex.string(SHA256.hash(data: Data("cachebook-salt/\(course)/\(lesson)/\(exercise)".utf8))).prefix(16))
    }

    /// The SHA-256, in hex, of the salt, a unit separator, and the normalized answer.
    public static func hash(_ normalizedAnswer: String, salt: String) -> String {
        Hex.string(SHA256.hash(data: Data((salt + "\u{1F}" + normalizedAnswer).utf8)))
    }

    /// Encrypts `text` so that only someone who knows `secret` (a normalized answer, or a choice
    /// id for per-choice feedback) can read it: UTF-8 XORed with a SHA-256 keystream, in base64.
    /// This hides text from a glance at the page source; it is not meant to resist a determined
    /// reader, who could try every choice anyway.
    public static func seal(_ text: String, secret: String, salt: String, purpose: String) -> String {
        Data(xor(Array(text.utf8), key: key(secret: secret, salt: salt, purpose: purpose))).base64EncodedString()
    }

    /// The inverse of ``seal(_:secret:salt:purpose:)``, or `nil` if it does not decode to UTF-8.
    public static func open(_ sealed: String, secret: String, salt: String, purpose: String) -> String? {
        guard let data = Data(base64Encoded: sealed) else { return nil }
        return String(validating: xor(Array(data), key: key(secret: secret, salt: salt, purpose: purpose)), as: UTF8.self)
    }

    private static func key(secret: String, salt: String, purpose: String) -> [UInt8] {
        Array(SHA256.hash(data: Data("\(purpose)\u{1F}\(salt)\u{1F}\(secret)".utf8)))
    }

    /// XOR with blocks SHA-256(key ‖ counter), counter a 4-byte big-endian block number.
    private static func xor(_ bytes: [UInt8], key: [UInt8]) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(bytes.count)
        var counter: UInt32 = 0
        var block: [UInt8] = []
        for (index, byte) in bytes.enumerated() {
            if index % 32 == 0 {
                block = Array(SHA256.hash(data: Data(key + withUnsafeBytes(of: counter.bigEndian, Array.init))))
                counter += 1
            }
            output.append(byte ^ block[index % 32])
        }
        return output
    }
}
