public import ChengyunCore
public import ChengyunStore
import GRDB

/// 摄像头 — cameras for video review.
extension SQLiteStore {
    static func camera(_ r: Row) -> Camera {
        Camera(id: CameraID(r["id"] as Int64), code: r["code"], name: r["name"], location: GeoPoint(lon: r["lon"], lat: r["lat"]),
               nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"], active: r["active"])
    }

    public func createCamera(_ draft: CameraDraft, nodeID: NodeID) async throws -> Camera {
        do {
            return try await writer.write { db in
                guard let path = try String.fetchOne(db, sql: "SELECT path FROM org_node WHERE id = ?", arguments: [nodeID.rawValue]) else {
                    throw CameraError.noNode(nodeID)
                }
                try db.execute(sql: "INSERT INTO camera (code, name, node_id, node_path, lon, lat) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [draft.code, draft.name, nodeID.rawValue, path, draft.location.lon, draft.location.lat])
                return Camera(id: CameraID(db.lastInsertedRowID), code: draft.code, name: draft.name, location: draft.location, nodeID: nodeID, nodePath: path)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw CameraError.duplicateCode(draft.code)
        }
    }

    public func camera(_ id: CameraID) async throws -> Camera? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM camera WHERE id = ?", arguments: [id.rawValue]).map(Self.camera) }
    }

    public func cameras(under path: String) async throws -> [Camera] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM camera WHERE node_path >= ? AND node_path < ? ORDER BY code", arguments: [low, high]).map(Self.camera)
        }
    }

    public func setCameraActive(_ id: CameraID, active: Bool) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE camera SET active = ? WHERE id = ?", arguments: [active, id.rawValue])
            guard db.changesCount == 1 else { throw CameraError.notFound(id) }
        }
    }
}
