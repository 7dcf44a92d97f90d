public import ChengyunCore
import ChengyunStore
import Foundation

/// 楼组通知 — a committee's notices to its building groups (docs/GROUP-NOTICES.md): registered residents read them in
/// the console (each counted once), the groups' leaders relay them into the groups' chats (楼组家园群) for everyone else.
public struct GroupNoticeUseCases: UseCaseGroup {
    let store: any GroupNoticeStore & RegistrationStore & BuildingGroupStore & OrganisationStore & AuditStore
    let shared: UseCaseContext

    static let keepers: Set<Role> = [.communityWorker, .stationChief, .admin]
    static let readers: Set<Role> = [.communityWorker, .stationChief, .admin, .dutyOfficer, .leader]
}

public struct GroupNoticeInput: Sendable, Hashable, Codable {
    public var nodeID: Int64?
    public var title: String
    public var body: String
    /// The groups it is for; none: every group of the committee.
    public var groupIDs: [Int64]?
    public var clientKey: String
}

public struct GroupNoticeRelayInput: Sendable, Hashable, Codable {
    public var groupID: Int64
}

/// A notice as the committee sees it: the groups by name, and how many relayed.
public struct GroupNoticeView: Sendable, Hashable, Codable {
    public var notice: GroupNotice
    public var committee: String
    /// The names of the groups it is for (empty: every group).
    public var groups: [String]
    /// How many groups it is for, and how many of their chats it reached.
    public var groupCount: Int
    public var relayed: Int
}

/// What a resident or a group's leader sees: the notices for them, read or not, and — for a leader — the groups they
/// lead with whether each notice was relayed to that group's chat.
public struct GroupNoticeInbox: Sendable, Hashable, Codable {
    public struct Item: Sendable, Hashable, Codable {
        public var notice: GroupNoticeView
        public var read: Bool
        /// The groups this reader leads that the notice is for, and whether it was relayed to each.
        public var relay: [Relay]
    }
    public struct Relay: Sendable, Hashable, Codable {
        public var groupID: BuildingGroupID
        public var group: String
        public var chatGroup: String?
        public var relayed: Bool
    }
    public var items: [Item]
}

extension GroupNoticeUseCases {
    func committee(_ nodeID: Int64?, _ identity: Identity, roles: Set<Role>, to action: String) async throws -> OrgNode {
        let node = try await store.areaNode(nodeID.map { NodeID($0) }, of: identity, roles: roles, to: action)
        guard node.kind == .committee else { throw GroupNoticeError.level }
        return node
    }

    /// 发通知 — a committee's worker writes to every building group or to some; the same key is the same notice.
    public func post(_ input: GroupNoticeInput, by identity: Identity) async throws -> (view: GroupNoticeView, created: Bool) {
        let node = try await committee(input.nodeID, identity, roles: Self.keepers, to: "write to building groups")
        let title = input.title.trimmingCharacters(in: .whitespaces), body = input.body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, title.count <= 60 else { throw GroupNoticeError.title }
        guard !body.isEmpty, body.count <= 1000 else { throw GroupNoticeError.body }
        try InputLimits.check(title, field: "title", max: 60)
        try InputLimits.check(body, field: "body", max: 1000, multiline: true)
        let groups = (input.groupIDs ?? []).map { BuildingGroupID($0) }
        try InputLimits.check(count: groups.count, field: "groupIds", max: 500)
        var named: [BuildingGroup] = []
        for (i, id) in groups.enumerated() {
            guard let g = try await store.buildingGroup(id), g.nodeID == node.id else { throw GroupNoticeError.groups(index: i) }
            named.append(g)
        }
        let key = input.clientKey.trimmingCharacters(in: .whitespaces)
        guard (8...64).contains(key.count) else { throw GroupNoticeError.clientKey }
        let draft = GroupNotice(id: GroupNoticeID(0), nodeID: node.id, nodePath: node.path, title: title, body: body, groupIDs: groups, createdBy: identity.name,
                                createdAt: clock.now(), clientKey: key)
        let chats = settings.groupChatGateway == nil ? []
            : try chatMessages(draft, committee: node, groups: groups.isEmpty ? try await store.buildingGroups(under: node.path, afterCode: nil, limit: 2_000) : named)
        let (notice, created) = try await store.postGroupNotice(draft, chats: chats)
        if created {
            try await store.appendAudit([AuditEntry(at: clock.now(), actorID: identity.userID, actor: identity.name, action: "group_notice.posted",
                                                    target: "group_notice:\(notice.id)", detail: "\(groups.isEmpty ? "every group" : "\(groups.count) groups"), \(notice.audience) residents")])
        }
        return (try await views([notice])[0], created)
    }

    /// 群机器人 — the notice's messages for the gateway: one per group that has a chat (the others are relayed by hand).
    func chatMessages(_ notice: GroupNotice, committee: OrgNode, groups: [BuildingGroup]) throws -> [OutboxMessage] {
        let text = notice.chatText(committee: committee.name)
        return try groups.compactMap { g in
            guard let chat = g.chatGroup?.trimmingCharacters(in: .whitespaces), !chat.isEmpty else { return nil }
            let message = GroupChatMessage(noticeID: GroupNoticeID(0), groupID: g.id, group: g.name, chat: chat, committee: committee.name, title: notice.title, text: text)
            return OutboxMessage(topic: GroupChatMessage.topic, key: "group:\(g.id.rawValue)", payload: String(decoding: try JSONEncoder().encode(message), as: UTF8.self),
                                 createdAt: notice.createdAt)
        }
    }

    /// The gateway took a notice's message for a group's chat: the notice counts as relayed there (once per group).
    public func relayedByGateway(_ message: GroupChatMessage) async throws {
        _ = try await store.relayGroupNotice(message.noticeID, relay: GroupNotice.Relay(groupID: message.groupID, by: GroupChatMessage.relayedBy, at: clock.now()))
    }

    /// Notices as shown: their committee's groups read once for the page.
    func views(_ notices: [GroupNotice]) async throws -> [GroupNoticeView] {
        var out: [GroupNoticeView] = []
        var groupsOf: [NodeID: [BuildingGroup]] = [:], names: [NodeID: String] = [:]
        for n in notices {
            if groupsOf[n.nodeID] == nil {
                groupsOf[n.nodeID] = try await store.buildingGroups(under: n.nodePath, afterCode: nil, limit: 1000)
                names[n.nodeID] = try await store.node(n.nodeID)?.name ?? ""
            }
            let all = groupsOf[n.nodeID] ?? []
            let named = Dictionary(all.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            out.append(GroupNoticeView(notice: n, committee: names[n.nodeID] ?? "", groups: n.groupIDs.map { named[$0] ?? "#\($0)" },
                                       groupCount: n.groupIDs.isEmpty ? all.count : n.groupIDs.count, relayed: Set(n.relays.map(\.groupID)).count))
        }
        return out
    }

    /// A committee's notices, newest first.
    public func list(nodeID: Int64?, before: GroupNoticeID?, limit: Int, by identity: Identity) async throws -> [GroupNoticeView] {
        let node = try await committee(nodeID, identity, roles: Self.readers, to: "see notices to building groups")
        return try await views(try await store.groupNotices(committee: node.id, before: before, limit: limit))
    }

    /// The notices for the signed-in resident (their registration's group) and for the groups they lead.
    public func inbox(_ identity: Identity) async throws -> GroupNoticeInbox {
        guard let user = identity.userID else { return GroupNoticeInbox(items: []) }
        let led = try await store.buildingGroups(ledBy: user)
        let registration = try await store.registration(user: user).flatMap { $0.status == .refused ? nil : $0 }
        var byCommittee: [NodeID: Set<BuildingGroupID>] = [:]
        for g in led { byCommittee[g.nodeID, default: []].insert(g.id) }
        if let registration { byCommittee[registration.nodeID, default: []].insert(registration.groupID) }
        var items: [GroupNoticeInbox.Item] = []
        for (committee, groups) in byCommittee {
            let found = try await store.groupNotices(committee: committee, groups: Array(groups), reader: user, limit: 30)
            let shown = try await views(found.map(\.notice))
            for ((notice, read), view) in zip(found, shown) {
                let relay = led.filter { $0.nodeID == committee && notice.isFor($0.id) }.map { g in
                    GroupNoticeInbox.Relay(groupID: g.id, group: g.name, chatGroup: g.chatGroup, relayed: notice.relays.contains { $0.groupID == g.id })
                }
                // A leader who is no registered resident here is no audience: nothing for them to mark read.
                items.append(.init(notice: view, read: read || registration?.nodeID != committee, relay: relay))
            }
        }
        return GroupNoticeInbox(items: items.sorted { $0.notice.notice.id > $1.notice.notice.id })
    }

    func forReader(_ id: GroupNoticeID, _ identity: Identity) async throws -> GroupNotice {
        guard let n = try await store.groupNotice(id) else { throw GroupNoticeError.notFound(id) }
        if identity.paths(for: Self.readers).contains(where: { n.nodePath.hasPrefix($0) }) { return n }
        if let user = identity.userID {
            if let r = try await store.registration(user: user), r.status != .refused, r.nodeID == n.nodeID, n.isFor(r.groupID) { return n }
            if try await store.buildingGroups(ledBy: user).contains(where: { $0.nodeID == n.nodeID && n.isFor($0.id) }) { return n }
        }
        throw GroupNoticeError.notFound(id)
    }

    /// A registered resident has read a notice for their group (counted once; others' reads are not its audience's).
    public func read(_ id: GroupNoticeID, by identity: Identity) async throws -> GroupNoticeView {
        let n = try await forReader(id, identity)
        if let user = identity.userID, let r = try await store.registration(user: user), r.status != .refused, r.nodeID == n.nodeID, n.isFor(r.groupID) {
            _ = try await store.readGroupNotice(id, reader: user, at: clock.now())
        }
        return try await views([try await store.groupNotice(id) ?? n])[0]
    }

    /// 转发到楼组群 — the group's leader (or the committee's worker) marks the notice relayed to the group's chat.
    public func relay(_ id: GroupNoticeID, _ input: GroupNoticeRelayInput, by identity: Identity) async throws -> GroupNoticeView {
        let n = try await forReader(id, identity)
        let groupID = BuildingGroupID(input.groupID)
        guard let group = try await store.buildingGroup(groupID), group.nodeID == n.nodeID, n.isFor(groupID) else { throw GroupNoticeError.notForGroup }
        let leads = identity.userID != nil && group.leaderUserID == identity.userID
        guard leads || identity.paths(for: Self.keepers).contains(where: { n.nodePath.hasPrefix($0) }) else { throw GroupNoticeError.notLeader }
        guard let relayed = try await store.relayGroupNotice(id, relay: GroupNotice.Relay(groupID: groupID, by: identity.name, at: clock.now())) else {
            throw GroupNoticeError.notFound(id)
        }
        return try await views([relayed])[0]
    }
}
