import ChengyunCore
public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
public import Hummingbird
import HTTPTypes
import NIOCore
import Synchronization

/// 企业微信群机器人网关 — our own bridge from the platform's chat gateway (`notices.chatGateway`, docs/GROUP-NOTICES.md)
/// into WeChat Work group robots, run beside the platform as `chengyun chat-bridge`: each building group's chat has a
/// robot (群机器人) whose webhook key the deployment keeps in a file readable by its owner only, never in the database.
/// A notice for a group is posted to its robot as text, cut at line ends into parts WeChat Work takes (2,048 bytes
/// each), in order. The platform's outbox gets 2xx only when every part was taken: a group with no robot is 404, a robot
/// over its rate (errcode 45009: 20 messages a minute) is 503 with Retry-After, any other refusal 502 with WeChat
/// Work's errcode and errmsg — and the outbox tries again later, resuming after the parts already taken (the bridge
/// remembers each message's progress by the outbox's `X-Chengyun-Message`), so a chat never shows a part twice.
public struct WeComBridge: Sendable {
    /// Each building group's robot: its webhook key (`…/cgi-bin/webhook/send?key=KEY`), by group id.
    public let robots: [Int64: String]
    /// WeChat Work's API (`https://qyapi.weixin.qq.com`; a test's stand-in on loopback).
    public let api: URL
    let progress = Progress()

    public init(robots: [Int64: String], api: URL = URL(string: "https://qyapi.weixin.qq.com")!) {
        self.robots = robots
        self.api = api
    }

    /// The most a text message may hold, in bytes of UTF-8.
    public static let partBytes = 2_048
    /// WeChat Work's answer to a robot past its rate: 20 messages a minute.
    public static let rateLimited = 45_009

    /// How many parts of each recent message were taken (by the outbox's message id): the last 10,000 messages.
    final class Progress: Sendable {
        let state = Mutex<(parts: [Int64: Int], order: [Int64])>(([:], []))
        /// The messages being delivered now: a retry that overlaps its first try (the outbox gives up waiting after 10 s)
        /// is told to come back, so no part is posted twice.
        let busy = Mutex<Set<Int64>>([])
        func begin(_ id: Int64) -> Bool { busy.withLock { $0.insert(id).inserted } }
        func end(_ id: Int64) { _ = busy.withLock { $0.remove(id) } }
        func taken(_ id: Int64) -> Int { state.withLock { $0.parts[id] ?? 0 } }
        func record(_ id: Int64, parts: Int) {
            state.withLock { s in
                if s.parts[id] == nil { s.order.append(id) }
                s.parts[id] = parts
                if s.order.count > 10_000 { s.parts[s.order.removeFirst()] = nil }
            }
        }
    }

    /// The robots file: `{"groups": {"<building group id>": "<webhook key>", …}}`, readable by its owner only.
    /// - Throws: `BridgeError` naming what is wrong with the file.
    public static func robots(file path: String) throws -> [Int64: String] {
        let manager = FileManager.default
        guard let data = manager.contents(atPath: path) else { throw BridgeError("\(path): cannot be read") }
        let mode = ((try? manager.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue ?? 0
        guard mode & 0o077 == 0 else { throw BridgeError("\(path) holds the robots' keys: make it readable by its owner only (chmod 600)") }
        struct File: Decodable { var groups: [String: String] }
        guard let file = try? JSONDecoder().decode(File.self, from: data) else {
            throw BridgeError("\(path): expected {\"groups\": {\"<building group id>\": \"<webhook key>\"}}")
        }
        var robots: [Int64: String] = [:]
        for (group, key) in file.groups {
            guard let id = Int64(group), id > 0 else { throw BridgeError("\(path): \"\(group)\" is not a building group's id") }
            guard !key.isEmpty, key.unicodeScalars.allSatisfy({ $0.isASCII && !CharacterSet.whitespacesAndNewlines.contains($0) }) else {
                throw BridgeError("\(path): the key of group \(group) is not a webhook key")
            }
            robots[id] = key
        }
        return robots
    }

    /// `text` cut into parts of at most `limit` bytes: at a line end where one falls in the second half, else at a character.
    public static func parts(_ text: String, limit: Int = partBytes) -> [String] {
        var parts: [String] = [], rest = Substring(text)
        while rest.utf8.count > limit {
            var end = rest.startIndex, bytes = 0, lineEnd: Substring.Index?
            for i in rest.indices {
                let size = rest[i].utf8.count
                guard bytes + size <= limit else { break }
                bytes += size
                end = rest.index(after: i)
                if rest[i] == "\n", bytes > limit / 2 { lineEnd = end }
            }
            if end == rest.startIndex {
                // One character bigger than a part (a letter under a pile of combining marks): cut it between its scalars.
                for i in rest.unicodeScalars.indices {
                    let size = String(rest.unicodeScalars[i]).utf8.count
                    guard bytes + size <= limit else { break }
                    bytes += size
                    end = rest.unicodeScalars.index(after: i)
                }
            }
            let cut = lineEnd ?? end
            parts.append(String(rest[..<cut]).trimmingCharacters(in: .newlines))
            rest = rest[cut...]
        }
        parts.append(String(rest))
        return parts.filter { !$0.isEmpty }
    }

    /// `POST /notices` — a `GroupChatMessage` from the platform's outbox.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("notices") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 64 * 1024)
            guard let message = try? JSONDecoder().decode(GroupChatMessage.self, from: Data(body.readableBytesView)) else {
                return Self.answer(.badRequest, "expected a group notice's chat message as JSON")
            }
            guard let key = robots[message.groupID.rawValue] else {
                return Self.answer(.notFound, "no robot for building group \(message.groupID.rawValue) in the robots file")
            }
            let id = request.headers[HTTPField.Name("X-Chengyun-Message")!].flatMap(Int64.init)
            if let id {
                guard progress.begin(id) else { return Self.answer(.conflict, "message \(id) is being delivered") }
            }
            defer { if let id { progress.end(id) } }
            let parts = Self.parts(message.text)
            var taken = id.map(progress.taken) ?? 0
            while taken < parts.count {
                let (code, why) = try await post(parts[taken], key: key)
                guard code == 0 else {
                    var refused = Self.answer(code == Self.rateLimited ? .serviceUnavailable : .badGateway, code < 0 ? why : "WeChat Work errcode \(code): \(why)")
                    if code == Self.rateLimited { refused.headers[.retryAfter] = "60" }
                    return refused
                }
                taken += 1
                if let id { progress.record(id, parts: taken) }
            }
            return Self.answer(.ok, "sent \(parts.count) part(s)")
        }
        return router
    }

    /// Posts one part to a robot; WeChat Work's errcode (0: taken) and errmsg.
    func post(_ text: String, key: String) async throws -> (Int, String) {
        var address = URLComponents(url: api.appendingPathComponent("cgi-bin/webhook/send"), resolvingAgainstBaseURL: false)!
        address.queryItems = [URLQueryItem(name: "key", value: key)]
        var request = URLRequest(url: address.url!, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["msgtype": "text", "text": ["content": text]])
        guard let (data, response) = try? await URLSession.shared.data(for: request), let http = response as? HTTPURLResponse else {
            return (-1, "WeChat Work did not answer")
        }
        guard (200..<300).contains(http.statusCode), let answer = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let code = answer["errcode"] as? Int else {
            return (-1, "WeChat Work answered HTTP \(http.statusCode)")
        }
        return (code, answer["errmsg"] as? String ?? "")
    }

    static func answer(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    public struct BridgeError: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
