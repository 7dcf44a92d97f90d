import ChengyunCore
import ChengyunServices
import Foundation
import Hummingbird
import NIOCore

/// The web console (served by this server, nothing from the internet): our own pages from Resources/console,
/// the map and chart libraries from Debian's packages (libjs-leaflet, libjs-leaflet.markercluster,
/// libjs-chart.js, node-qrcode-generator for QR codes, installed by scripts/setup.sh), the map data, and the live stream of case changes.
extension APIRoutes {
    /// Where Debian installs browser libraries, unless `console.javascriptRoot` says otherwise.
    var javascriptRoot: String { platform.settings.console.javascriptRoot ?? "/usr/share/javascript" }

    func addConsoleRoutes(to router: Router<AppContext>) {
        router.get("/") { _, _ in Response(status: .found, headers: [.location: "/console/"]) }
        router.get("console") { request, _ in try Self.file(consoleFile("index.html"), request) }
        router.get("console/config.json") { _, _ in
            // Before sign-in: only what the pages need to draw (no secrets).
            try JSONCoding.response(ConsoleConfig(tileURL: platform.settings.console.tileURL, tileAttribution: platform.settings.console.tileAttribution,
                                                  heavyPaths: LoadSheddingMiddleware.dearPrefixes, heavyPerUser: load.dearPerIdentity,
                                                  photoMaxBytes: platform.settings.attachments.maxFileBytes))
        }
        router.get("console/**") { request, context in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            if let table = Self.translationTable(path) { return try translations(table, request) }
            return try Self.file(consoleFile(path), request)
        }
        router.get("assets/vendor/:package/**") { request, context in
            let package = context.parameters.get("package") ?? ""
            guard ["leaflet", "chart.js", "qrcode-generator"].contains(package) else { throw ConsoleError.assetNotFound }
            let rest = context.parameters.getCatchAll().joined(separator: "/")
            return try Self.file(Self.safe(URL(fileURLWithPath: javascriptRoot).appendingPathComponent(package), rest), request)
        }
        let api = router.group("api/v1")
        api.get("stream") { _, context in
            let identity = try context.requireIdentity()
            let lease = try platform.streams.open(for: identity, tokenHash: context.tokenHash)
            return streamResponse(identity, lease: lease, until: context.sessionExpires)
        }
    }

    /// 实时推送 — server-sent events of the case changes the identity may see: `event: case` with the case and the
    /// step, and a comment every 15 s so proxies keep the connection open. The stream ends when its session does
    /// (sign-out, a disabled user, new roles or password, a revoked key, or the session's expiry): `event: end`.
    func streamResponse(_ identity: Identity, lease: LiveStreams.Lease, until sessionEnd: Date?) -> Response {
        let streams = platform.streams
        let scope = CaseScope.of(identity)
        let feed = platform.feed.subscribe()
        let data = platform.data
        let clock = platform.clock
        let dueSoon = platform.settings.dueSoonHours
        let body = ResponseBody { writer in
            defer { streams.close(lease) }
            try await writer.write(ByteBuffer(string: "retry: 3000\n: connected\n\n"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                let (ticks, tick) = AsyncStream.makeStream(of: String.self)
                group.addTask {
                    // Revoked, or the session's end reached: say so and stop.
                    await withTaskGroup(of: Void.self) { ending in
                        ending.addTask { for await _ in lease.ended {} }
                        if let sessionEnd {
                            ending.addTask { try? await Task.sleep(for: .seconds(max(0, sessionEnd.timeIntervalSince(clock.now())))) }
                        }
                        await ending.next()
                        ending.cancelAll()
                    }
                    tick.yield("event: end\ndata: {\"reason\":\"session\"}\n\n")
                    tick.finish()
                }
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: .seconds(15))
                        tick.yield(": keep-alive\n\n")
                    }
                }
                group.addTask {
                    for await item in feed where scope.contains(item.record) {
                        let view = CaseView(item.record, data: data, now: clock.now(), dueSoonHours: dueSoon, identity: nil)
                        let payload = try JSONCoding.encoder.encode(StreamItem(case: view, event: item.event, path: item.record.nodePath))
                        tick.yield("event: case\ndata: \(String(decoding: payload, as: UTF8.self))\n\n")
                    }
                }
                for await text in ticks {
                    try await writer.write(ByteBuffer(string: text))
                }
                group.cancelAll()
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }

    /// The console's own files: from this build, or from `console.filesRoot` (a working copy of Resources/console,
    /// so a page can be edited without rebuilding).
    func consoleRoot() throws -> URL {
        if let dir = platform.settings.console.filesRoot, !dir.isEmpty { return URL(fileURLWithPath: dir) }
        guard let root = Bundle.module.url(forResource: "console", withExtension: nil, subdirectory: "Resources") else {
            throw ConsoleError.missing
        }
        return root
    }

    func consoleFile(_ path: String) throws -> URL {
        try Self.safe(consoleRoot(), path.isEmpty ? "index.html" : path)
    }

    /// `i18n/zh-CN.json` names the language whose table is merged from the files in `i18n/zh-CN/`, one per part of
    /// the console.
    static func translationTable(_ path: String) -> String? {
        guard path.hasPrefix("i18n/"), path.hasSuffix(".json"), path.filter({ $0 == "/" }).count == 1 else { return nil }
        let language = String(path.dropFirst(5).dropLast(5))
        return ["zh-CN", "en"].contains(language) ? language : nil
    }

    func translations(_ language: String, _ request: Request) throws -> Response {
        let table = try ConsoleStrings.table(language, in: consoleRoot().appendingPathComponent("i18n"))
        let data = try JSONSerialization.data(withJSONObject: table, options: [.sortedKeys])
        let tag = WholeTable.tag(data: data)
        if Self.unchanged(request, tag) { return Self.notModified(tag) }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-cache", .eTag: tag],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Whether the browser's copy (`If-None-Match`, compared weakly) is the one `tag` names.
    static func unchanged(_ request: Request, _ tag: String) -> Bool {
        guard let held = request.headers[.ifNoneMatch] else { return false }
        let weak = { (t: Substring) in t.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "") }
        return held.split(separator: ",").contains { weak($0) == weak(Substring(tag)) || weak($0) == "*" }
    }

    static func notModified(_ tag: String) -> Response {
        Response(status: .notModified, headers: [.eTag: tag, .cacheControl: "no-cache"])
    }

    /// `root/relative`, refusing anything that could leave `root`.
    static func safe(_ root: URL, _ relative: String) throws -> URL {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._-/"))
        guard !relative.isEmpty, !relative.contains(".."), !relative.hasPrefix("/"), relative.unicodeScalars.allSatisfy(allowed.contains) else {
            throw ConsoleError.assetNotFound
        }
        return root.appendingPathComponent(relative)
    }

    static let contentTypes = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
        "json": "application/json; charset=utf-8", "png": "image/png", "svg": "image/svg+xml", "ico": "image/x-icon",
    ]

    /// A file of the console or of a library we serve, `no-cache` with a weak entity tag from its size and modification
    /// time: a reload asks again and gets 304 with no body for each of the ~60 files it already holds.
    static func file(_ url: URL, _ request: Request) throws -> Response {
        // The file a link points to (Debian's qrcode-generator is a link), and files only: no tag, no 304, for a folder.
        let facts = (try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path))
            .flatMap { $0[.type] as? FileAttributeType == .typeRegular ? $0 : nil }
        let tag = (facts?[.size] as? Int).flatMap { size in
            (facts?[.modificationDate] as? Date).map { "W/\"\(size)-\(Int64(($0.timeIntervalSince1970 * 1000).rounded()))\"" }
        }
        if let tag, unchanged(request, tag) { return notModified(tag) }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ConsoleError.fileNotFound(url.lastPathComponent)
        }
        let type = contentTypes[url.pathExtension.lowercased()] ?? "application/octet-stream"
        var headers: HTTPFields = [.contentType: type, .cacheControl: "no-cache"]
        if let tag { headers[.eTag] = tag }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// What the console needs before sign-in: a deployment's own map tiles, if it has them (`serve --tile-url`).
struct ConsoleConfig: Codable {
    var tileURL: String?
    var tileAttribution: String?
    /// The reads the server counts as dear and how many of one user's it runs at once: the console queues them.
    var heavyPaths: [String]
    var heavyPerUser: Int
    /// The largest file the server takes: the console checks a photo against it before it sends anything.
    var photoMaxBytes: Int
}

/// One item of the live stream.
struct StreamItem: Codable {
    var `case`: CaseView
    var event: CaseEvent
    /// Where the case lies in the tree (`/1/2/…/`), so a page drilled into one area can keep to it.
    var path: String
}
