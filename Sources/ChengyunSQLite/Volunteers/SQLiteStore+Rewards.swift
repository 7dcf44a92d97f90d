public import ChengyunCore
import ChengyunStore
public import Foundation
import GRDB

/// 积分兑换 — items, exchanges; an exchange takes one of the stock under `stock > 0` and the points under the balance in
/// the one writer's transaction; a cancel gives both back in one.
extension SQLiteStore {
    static func registerRewardMigrations(_ m: inout DatabaseMigrator) {
        m.registerMigration("v37-rewards") { db in
            try db.execute(sql: """
                ALTER TABLE volunteer ADD COLUMN spent INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE reward_item (
                    id INTEGER PRIMARY KEY,
                    node_id INTEGER NOT NULL REFERENCES org_node(id),
                    node_path TEXT NOT NULL,
                    name TEXT NOT NULL,
                    cost INTEGER NOT NULL,
                    stock INTEGER NOT NULL,
                    active INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    client_key TEXT NOT NULL,
                    UNIQUE (node_id, client_key),
                    CHECK (stock >= 0 AND cost > 0)
                );
                CREATE INDEX reward_item_path ON reward_item(node_path, id);
                CREATE TABLE redemption (
                    id INTEGER PRIMARY KEY,
                    item_id INTEGER NOT NULL REFERENCES reward_item(id),
                    item_name TEXT NOT NULL,
                    volunteer_id INTEGER NOT NULL REFERENCES volunteer(id),
                    volunteer_name TEXT NOT NULL,
                    node_path TEXT NOT NULL,
                    points INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    closed_at INTEGER,
                    closed_by TEXT,
                    client_key TEXT NOT NULL,
                    UNIQUE (volunteer_id, client_key)
                );
                CREATE INDEX redemption_path ON redemption(node_path, id);
                CREATE INDEX redemption_volunteer ON redemption(volunteer_id, id);
                """)
        }
    }

    static func registerVolunteerLedgerMigrations(_ m: inout DatabaseMigrator) {
        // 志愿服务记录 counts confirmed places: the rollups are counted again at the next start, these included.
        m.registerMigration("v38-volunteer-ledger") { db in
            try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [LedgerRollups.offsetSetting])
        }
    }

    static func rewardItem(_ r: Row) -> RewardItem {
        RewardItem(id: RewardItemID(r["id"] as Int64), nodeID: NodeID(r["node_id"] as Int64), nodePath: r["node_path"], name: r["name"], cost: r["cost"], stock: r["stock"],
                   active: r["active"], createdAt: instant(r["created_at"]), clientKey: r["client_key"])
    }

    static func redemption(_ r: Row) -> Redemption {
        let state: String = r["state"], closed: Int64? = r["closed_at"]
        return Redemption(id: RedemptionID(r["id"] as Int64), itemID: RewardItemID(r["item_id"] as Int64), itemName: r["item_name"], volunteerID: VolunteerID(r["volunteer_id"] as Int64),
                          volunteerName: r["volunteer_name"], nodePath: r["node_path"], points: r["points"], state: Redemption.State(rawValue: state) ?? .cancelled,
                          at: instant(r["at"]), closedAt: closed.map(instant), closedBy: r["closed_by"], clientKey: r["client_key"])
    }

    public func createRewardItem(_ item: RewardItem) async throws -> (item: RewardItem, created: Bool) {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO reward_item (node_id, node_path, name, cost, stock, active, created_at, client_key) VALUES (?, ?, ?, ?, ?, 1, ?, ?)
                ON CONFLICT (node_id, client_key) DO NOTHING
                """, arguments: [item.nodeID.rawValue, item.nodePath, item.name, item.cost, item.stock, CaseRows.ms(item.createdAt), item.clientKey])
            let created = db.changesCount > 0
            let row = try Row.fetchOne(db, sql: "SELECT * FROM reward_item WHERE node_id = ? AND client_key = ?", arguments: [item.nodeID.rawValue, item.clientKey])!
            return (Self.rewardItem(row), created)
        }
    }

    public func rewardItem(_ id: RewardItemID) async throws -> RewardItem? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM reward_item WHERE id = ?", arguments: [id.rawValue]).map(Self.rewardItem) }
    }

    public func rewardItems(under path: String, activeOnly: Bool) async throws -> [RewardItem] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM reward_item WHERE node_path >= ? AND node_path < ? AND (? = 0 OR active = 1) ORDER BY id LIMIT 200",
                             arguments: [low, high, activeOnly]).map(Self.rewardItem)
        }
    }

    public func changeRewardItem(_ id: RewardItemID, addStock: Int, active: Bool?) async throws -> RewardItem? {
        try await writer.write { db in
            try db.execute(sql: "UPDATE reward_item SET stock = stock + ?, active = COALESCE(?, active) WHERE id = ? AND stock + ? >= 0",
                           arguments: [addStock, active, id.rawValue, addStock])
            guard db.changesCount > 0 else { return nil }
            return try Row.fetchOne(db, sql: "SELECT * FROM reward_item WHERE id = ?", arguments: [id.rawValue]).map(Self.rewardItem)
        }
    }

    public func redeem(_ itemID: RewardItemID, volunteer: Volunteer, clientKey: String, at: Date) async throws -> RedeemOutcome {
        try await writer.write { db in
            if let held = try Row.fetchOne(db, sql: "SELECT * FROM redemption WHERE volunteer_id = ? AND client_key = ?", arguments: [volunteer.id.rawValue, clientKey]) {
                return .already(Self.redemption(held))
            }
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM reward_item WHERE id = ?", arguments: [itemID.rawValue]) else { return .withdrawn }
            let item = Self.rewardItem(row)
            guard item.active, item.nodePath == volunteer.nodePath else { return .withdrawn }
            // The one writer: nothing changes the stock between this read and the update below.
            guard item.stock > 0 else { return .outOfStock }
            try db.execute(sql: "UPDATE volunteer SET spent = spent + ? WHERE id = ? AND points - spent >= ?", arguments: [item.cost, volunteer.id.rawValue, item.cost])
            guard db.changesCount > 0 else { return .notEnoughPoints }
            try db.execute(sql: "UPDATE reward_item SET stock = stock - 1 WHERE id = ?", arguments: [itemID.rawValue])
            try db.execute(sql: """
                INSERT INTO redemption (item_id, item_name, volunteer_id, volunteer_name, node_path, points, state, at, client_key) VALUES (?, ?, ?, ?, ?, ?, 'requested', ?, ?)
                """, arguments: [itemID.rawValue, item.name, volunteer.id.rawValue, volunteer.name, volunteer.nodePath, item.cost, CaseRows.ms(at), clientKey])
            return .redeemed(Self.redemption(try Row.fetchOne(db, sql: "SELECT * FROM redemption WHERE id = ?", arguments: [db.lastInsertedRowID])!))
        }
    }

    public func redemption(_ id: RedemptionID) async throws -> Redemption? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM redemption WHERE id = ?", arguments: [id.rawValue]).map(Self.redemption) }
    }

    public func redemptions(volunteer: VolunteerID, limit: Int) async throws -> [Redemption] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM redemption WHERE volunteer_id = ? ORDER BY id DESC LIMIT ?", arguments: [volunteer.rawValue, limit]).map(Self.redemption)
        }
    }

    public func redemptions(under path: String, state: Redemption.State?, before: RedemptionID?, limit: Int) async throws -> [Redemption] {
        let (low, high) = Self.pathRange(path)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM redemption WHERE node_path >= ? AND node_path < ? AND id < ? AND (? IS NULL OR state = ?) ORDER BY id DESC LIMIT ?
                """, arguments: [low, high, before?.rawValue ?? Int64.max, state?.rawValue, state?.rawValue, limit]).map(Self.redemption)
        }
    }

    public func closeRedemption(_ id: RedemptionID, as state: Redemption.State, by: String, at: Date) async throws -> Redemption? {
        try await writer.write { db in
            try db.execute(sql: "UPDATE redemption SET state = ?, closed_at = ?, closed_by = ? WHERE id = ? AND state = 'requested'",
                           arguments: [state.rawValue, CaseRows.ms(at), by, id.rawValue])
            guard db.changesCount > 0, let row = try Row.fetchOne(db, sql: "SELECT * FROM redemption WHERE id = ?", arguments: [id.rawValue]) else { return nil }
            let closed = Self.redemption(row)
            if state == .cancelled {
                try db.execute(sql: "UPDATE reward_item SET stock = stock + 1 WHERE id = ?", arguments: [closed.itemID.rawValue])
                try db.execute(sql: "UPDATE volunteer SET spent = spent - ? WHERE id = ?", arguments: [closed.points, closed.volunteerID.rawValue])
            }
            return closed
        }
    }
}
