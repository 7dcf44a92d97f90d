import Foundation
import Hummingbird
import Testing

/// Steps the joint-practice tests take again and again.
extension API {
    /// Uploads a small JPEG to a case and returns the attachment id.
    public func photo(_ caseID: Int, token: String, name: String = "photo.jpg") async throws -> Int {
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 7, count: 512)
        let reply = try await call(.post, "/api/v1/cases/\(caseID)/attachments?fileName=\(name)", token: token, body: jpeg, contentType: "image/jpeg")
        #expect(reply.status == .created, "\(reply.json)")
        return try #require(reply.json["id"].int)
    }

    /// Reports a case at lattice cell `cell` and returns the created case.
    public func report(_ token: String, source: String = "resident", category: String = "event:0110", cell: (Int, Int) = (0, 0), extra: String = "") async throws -> JSON {
        let p = TestCity.point(cell.0, cell.1)
        let body = #"{"source":"\#(source)","categoryId":"\#(category)","description":"测试问题","location":{"lon":\#(p.lon),"lat":\#(p.lat)}\#(extra)}"#
        let reply = try await call(.post, "/api/v1/cases", token: token, json: body)
        #expect(reply.status == .created, "\(reply.json)")
        return reply.json
    }

    /// Signs in as the handler of a department.
    public func handler(of department: Int, token: String) async throws -> String {
        let code = try #require(try await departments(token: token).first { $0["id"].int == department }?["code"].string)
        return try await login("h.\(code.lowercased())")
    }

    public func departments(token: String) async throws -> [JSON] {
        try await call(.get, "/api/v1/departments", token: token).json.array
    }

    /// Departments other than `excluding` that serve the first street (attached to the city, its district or the street).
    public func helpers(token: String, excluding: Int?, count: Int) async throws -> [Int] {
        let city = try await call(.get, "/api/v1/org/nodes?kind=city", token: token).json[0]["id"].int
        let district = try await call(.get, "/api/v1/org/nodes?kind=district", token: token).json[0]["id"].int
        let ids = try await departments(token: token).filter { d in
            d["id"].int != excluding && !["gongan", "wuye"].contains(d["kind"].string ?? "") && [city, district].contains(d["nodeId"].int)
        }.compactMap { $0["id"].int }
        #expect(ids.count >= count)
        return Array(ids.prefix(count))
    }

    /// Creates an API key for an external system at the city and returns the key.
    public func apiKey(_ name: String, sources: [String], admin: String) async throws -> String {
        let city = try #require(try await call(.get, "/api/v1/org/nodes?kind=city", token: admin).json[0]["id"].int)
        let list = sources.map { "\"\($0)\"" }.joined(separator: ",")
        let reply = try await call(.post, "/api/v1/apikeys", token: admin, json: #"{"name":"\#(name)","sources":[\#(list)],"nodeId":\#(city)}"#)
        #expect(reply.status == .created, "\(reply.json)")
        return try #require(reply.json["key"].string)
    }
}
