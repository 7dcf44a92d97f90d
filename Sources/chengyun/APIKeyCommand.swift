import ArgumentParser
import ChengyunCore
import ChengyunServer
import ChengyunServices
import ChengyunStore
import Foundation

struct APIKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "apikey", abstract: "Manage API keys of external systems.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an API key for an external system (12345 hotline, 110, sensors, video, an Open311 client).",
            discussion: "Prints the key once; only its hash is stored. The same is possible over HTTP for an admin: POST /api/v1/apikeys.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The system's name, unique.") var name: String
        @Option(help: "Comma-separated sources the system reports as: \(CaseSource.allCases.map(\.rawValue).joined(separator: ", ")).") var sources: String
        @Option(help: "The code of the node the key is bound to (its scope); default: the city.") var node: String?

        func run() async throws {
            var chosen: Set<CaseSource> = []
            for s in sources.split(separator: ",") {
                guard let source = CaseSource(rawValue: s.trimmingCharacters(in: .whitespaces)) else {
                    fail("unknown source \(s); use \(CaseSource.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                chosen.insert(source)
            }
            guard !chosen.isEmpty else { fail("give at least one source") }
            let store = await db.open(.city).store
            var found = try await store.children(of: nil).first
            if let node { found = try await store.node(code: node) }
            guard let found else { fail(node.map { "there is no node with code \($0)" } ?? "the database holds no city yet") }
            let key = Secrets.newSecret(prefix: "cyk_")
            do {
                _ = try await store.createAPIKey(name: name, keyHash: Secrets.secretHash(key), sources: chosen, nodeID: found.id)
            } catch let error as DomainError {
                fail(error.description)
            }
            print(key)
        }
    }
}
