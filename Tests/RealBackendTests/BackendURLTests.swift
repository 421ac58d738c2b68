@testable import CachebookRealBackends
import Testing

@Suite("Server URLs parse, and no message ever shows their password")
struct BackendURLTests {
    @Test func redisAndPostgresURLsParseWithDefaults() throws {
        let redis = try BackendURL(parsing: "redis://:secret@cache.local:6380/2", as: .redis)
        #expect((redis.host, redis.port, redis.database, redis.password) == ("cache.local", 6380, "2", "secret"))
        #expect(redis.description == "redis://cache.local:6380/2")
        #expect(try BackendURL(parsing: "redis://localhost", as: .redis).description == "redis://localhost:6379/0")
        let postgres = try BackendURL(parsing: "postgresql://learner:p%40ss@db:5433/course", as: .postgres)
        #expect((postgres.user, postgres.password, postgres.database) == ("learner", "p@ss", "course"))
        #expect(postgres.description == "postgres://learner@db:5433/course")
    }

    @Test(arguments: ["redis://:pa/ss@h:6379", "redis://:p@ss@h", "postgres://u:s/e@c@r@t@h/db", "mysql://u:secret@h/db"])
    func oddPasswordsAreNeverShown(text: String) {
        // Whether the URL parses or not, what a message would show holds no part of the password.
        let shown: String
        do {
            shown = try BackendURL(parsing: text, as: text.hasPrefix("redis") ? .redis : .postgres).description
        } catch {
            shown = error.description
        }
        for secret in ["pa/ss", "p@ss", "s/e", "secret", "c@r"] where text.contains(secret) {
            #expect(!shown.contains(secret), "\(shown)")
        }
    }

    @Test func postgresNeedsADatabaseAndRedisANumber() {
        #expect(throws: BackendError.self) { try BackendURL(parsing: "postgres://u@h:5432", as: .postgres) }
        #expect(throws: BackendError.self) { try BackendURL(parsing: "redis://h:6379/cache", as: .redis) }
    }
}
