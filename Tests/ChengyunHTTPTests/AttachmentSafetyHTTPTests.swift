import ChengyunCore
import ChengyunServer
import ChengyunServices
import ChengyunSQLite
import ChengyunTesting
import Foundation
import Hummingbird
import Logging
import Testing

/// Issue 14 finding 6: an upload's bytes were never checked against its declared type (HTML accepted as PNG), and one
/// resident stored 168 MB in 22 seconds.
@Suite("附件安全 attachments: types, downloads and quotas over HTTP")
struct AttachmentSafetyHTTPTests {
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 7, count: 1000)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 1, count: 1000)
    static let webp: [UInt8] = Array("RIFF".utf8) + [0, 4, 0, 0] + Array("WEBPVP8 ".utf8) + Array(repeating: 2, count: 1000)
    static let pdf: [UInt8] = Array("%PDF-1.7\n".utf8) + Array(repeating: 0x20, count: 1000)
    static let html: [UInt8] = Array("<html><script>alert(document.cookie)</script></html>".utf8)

    func upload(_ api: API, _ caseID: Int, _ token: String, _ bytes: [UInt8], _ type: String, name: String = "f") async throws -> Reply {
        try await api.call(.post, "/api/v1/cases/\(caseID)/attachments?fileName=\(name)", token: token, body: bytes, contentType: type)
    }

    @Test("字节须与声明的类型一致（魔数）：HTML 冒充 PNG 是 415 attachment.type_mismatch；其他类型 415 type_not_allowed")
    func magicNumbers() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let resident = try await api.login("resident1")
            let id = try #require(try await api.report(resident)["id"].int)
            for (bytes, type) in [(Self.jpeg, "image/jpeg"), (Self.png, "image/png"), (Self.webp, "image/webp"), (Self.pdf, "application/pdf"), (Self.png, "IMAGE/PNG; x=y")] {
                let reply = try await upload(api, id, resident, bytes, type)
                #expect(reply.status == .created, "\(type): \(reply.json)")
            }
            for (bytes, type) in [(Self.html, "image/png"), (Self.jpeg, "image/png"), (Self.png, "application/pdf"), (Array("RIFF0000AVI ".utf8), "image/webp")] {
                let reply = try await upload(api, id, resident, bytes, type)
                #expect(reply.status == .unsupportedMediaType, "\(type): \(reply.json)")
                #expect(reply.json["error"]["code"].string == "attachment.type_mismatch")
            }
            let html = try await upload(api, id, resident, Self.html, "text/html")
            #expect(html.status == .unsupportedMediaType && html.json["error"]["code"].string == "attachment.type_not_allowed", "\(html.json)")
            let svg = try await upload(api, id, resident, Array("<svg/>".utf8), "image/svg+xml")
            #expect(svg.status == .unsupportedMediaType)
            let badName = try await upload(api, id, resident, Self.jpeg, "image/jpeg", name: String(repeating: "n", count: 121))
            #expect(badName.status == .badRequest && badName.json["error"]["field"].string == "fileName", "\(badName.json)")
            #expect(try await api.call(.get, "/api/v1/cases/\(id)/attachments", token: resident).json.array.count == 5)
        }
    }

    @Test("下载：存储的类型、nosniff；照片内嵌显示，其他（PDF）作为附件下载，文件名经过编码")
    func downloads() async throws {
        let city = try await TestCity()
        try await city.test { api in
            let resident = try await api.login("resident1")
            let id = try #require(try await api.report(resident)["id"].int)
            let photo = try #require(try await upload(api, id, resident, Self.jpeg, "image/jpeg", name: "after.jpg").json["id"].int)
            let document = try #require(try await upload(api, id, resident, Self.pdf, "application/pdf", name: "%E5%9B%BE%22x%3B.pdf").json["id"].int)
            let image = try await api.call(.get, "/api/v1/attachments/\(photo)", token: resident)
            #expect(image.headers[.contentType] == "image/jpeg")
            #expect(image.headers[.init("X-Content-Type-Options")!] == "nosniff")
            #expect(image.headers[.contentDisposition]?.hasPrefix("inline; filename=\"after.jpg\"") == true)
            let pdf = try await api.call(.get, "/api/v1/attachments/\(document)", token: resident)
            #expect(pdf.headers[.contentType] == "application/pdf")
            #expect(pdf.headers[.init("X-Content-Type-Options")!] == "nosniff")
            let disposition = try #require(pdf.headers[.contentDisposition])
            #expect(disposition.hasPrefix("attachment; "), "\(disposition)")
            #expect(disposition == "attachment; filename=\"__x;.pdf\"; filename*=UTF-8''%E5%9B%BE%22x%3B.pdf", "\(disposition)")
        }
    }

    @Test("配额：居民 24 小时内的上传总量来自数据库（429 attachment.quota，附 Retry-After），工作人员的更多；单个文件上限（413）")
    func quota() async throws {
        let settings = {
            var s = PlatformSettings()
            s.attachments = AttachmentPolicy(maxFileBytes: 2_000, residentDailyBytes: 2_500, staffDailyBytes: 10_000)
            return s
        }()
        let clock = ManualWallClock(Date())
        let city = try await TestCity(settings: settings, clock: clock)
        try await city.test { api in
            let resident = try await api.login("resident1")
            let id = try #require(try await api.report(resident)["id"].int)
            #expect(try await upload(api, id, resident, Self.jpeg, "image/jpeg").status == .created)
            #expect(try await upload(api, id, resident, Self.png, "image/png").status == .created)
            let third = try await upload(api, id, resident, Self.jpeg, "image/jpeg")
            #expect(third.status == .tooManyRequests, "\(third.json)")
            #expect(third.json["error"]["code"].string == "attachment.quota")
            let retry = try #require(third.headers[.retryAfter].flatMap { Int($0) })
            #expect((86_000...86_400).contains(retry), "\(retry)")
            let big = try await upload(api, id, resident, Self.jpeg + Array(repeating: 0, count: 1_000), "image/jpeg")
            #expect(big.status == .contentTooLarge && big.json["error"]["code"].string == "attachment.too_large", "\(big.json)")

            // The count is the database's: a server started afresh on the same file refuses the same upload.
            let again = Platform(store: city.store, clock: clock, settings: settings, logger: Logger(label: "again"))
            try await again.reload()
            let identity = try await again.accounts.authenticate(bearer: resident).identity
            await #expect(throws: DomainError.self) {
                _ = try await again.cases.attach(to: CaseID(Int64(id)), contentType: "image/jpeg", fileName: "x.jpg", bytes: Data(Self.jpeg), by: identity)
            }
            // Staff have more room; a day later the resident has room again.
            let duty = try await api.login("duty.s1")
            for _ in 0..<3 { #expect(try await upload(api, id, duty, Self.jpeg, "image/jpeg").status == .created) }
            clock.advance(hours: 24.01)
            let later = try await api.login("resident1")
            #expect(try await upload(api, id, later, Self.jpeg, "image/jpeg").status == .created)
            let store = city.store
            // The uploader's index that sums the quota came with this migration of each store.
            #expect(try await store.appliedMigrations().contains(TestCity.storeKind == "postgres" ? "v1-cases" : "v3-attachment-quota"))
        }
    }
}
