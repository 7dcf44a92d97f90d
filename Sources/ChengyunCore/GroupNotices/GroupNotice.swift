public import Foundation

public typealias GroupNoticeID = Identifier<GroupNotice>

/// 楼组通知 — a committee's notice to its residents, to every building group or to some: registered residents read it in
/// the console (each reader counted once), and each group's leader relays it into the group's chat (楼组家园群), marked
/// once per group, for those who never open the platform (docs/GROUP-NOTICES.md).
public struct GroupNotice: Sendable, Hashable, Codable, Identifiable {
    /// A group's chat to which the notice was relayed, by whom and when.
    public struct Relay: Sendable, Hashable, Codable {
        public var groupID: BuildingGroupID
        public var by: String
        public var at: Date
        public init(groupID: BuildingGroupID, by: String, at: Date) {
            self.groupID = groupID
            self.by = by
            self.at = at
        }
    }

    public var id: GroupNoticeID
    /// The committee.
    public var nodeID: NodeID
    public var nodePath: String
    public var title: String
    public var body: String
    /// The groups it is for; empty: every group of the committee.
    public var groupIDs: [BuildingGroupID]
    public var createdBy: String
    public var createdAt: Date
    public var clientKey: String
    /// The registered residents (not refused) of those groups when it was posted.
    public var audience: Int
    /// How many of them have read it.
    public var reads: Int
    public var relays: [Relay]

    public init(id: GroupNoticeID, nodeID: NodeID, nodePath: String, title: String, body: String, groupIDs: [BuildingGroupID], createdBy: String, createdAt: Date,
                clientKey: String, audience: Int = 0, reads: Int = 0, relays: [Relay] = []) {
        self.id = id
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.title = title
        self.body = body
        self.groupIDs = groupIDs
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.clientKey = clientKey
        self.audience = audience
        self.reads = reads
        self.relays = relays
    }

    /// Whether the notice is for a resident of `group`.
    public func isFor(_ group: BuildingGroupID?) -> Bool { groupIDs.isEmpty || group.map(groupIDs.contains) == true }

    /// The text for a group's chat: 【the committee】the title, then the notice.
    public func chatText(committee: String) -> String { "【\(committee)】\(title)\n\(body)" }
}

/// 群机器人 — a notice sent into a building group's chat by the deployment's gateway (a WeChat Work group robot, a
/// DingTalk robot, an SMS gateway — the deployment's bridge, `notices.chatGateway`): one message per group with a chat,
/// written to the outbox with the notice and delivered with retries; once the gateway takes it, the notice counts as
/// relayed to that group (docs/GROUP-NOTICES.md).
public struct GroupChatMessage: Sendable, Hashable, Codable {
    /// The outbox topic.
    public static let topic = "group_notice.chat"
    /// Who a gateway's relay is recorded as.
    public static let relayedBy = "群机器人"

    public var noticeID: GroupNoticeID
    public var groupID: BuildingGroupID
    /// The group's name and its chat's (楼组家园群).
    public var group: String
    public var chat: String
    public var committee: String
    public var title: String
    /// What is posted in the chat.
    public var text: String

    enum CodingKeys: String, CodingKey {
        case noticeID = "noticeId", groupID = "groupId", group, chat, committee, title, text
    }

    public init(noticeID: GroupNoticeID, groupID: BuildingGroupID, group: String, chat: String, committee: String, title: String, text: String) {
        self.noticeID = noticeID
        self.groupID = groupID
        self.group = group
        self.chat = chat
        self.committee = committee
        self.title = title
        self.text = text
    }
}

public enum GroupNoticeError {
    /// 404 `group_notice.not_found`
    public static func notFound(_ id: GroupNoticeID) -> DomainError { .notFound("group_notice.not_found", "There is no notice \(id) you may see.", field: "id") }
    /// 400 `group_notice.title`
    public static let title = DomainError.invalid("group_notice.title", "Give the notice a title of at most 60 characters.", field: "title")
    /// 400 `group_notice.body`
    public static let body = DomainError.invalid("group_notice.body", "Write the notice (at most 1,000 characters).", field: "body")
    /// 422 `group_notice.groups` — the groups are the committee's.
    public static func groups(index: Int) -> DomainError {
        .unprocessable("group_notice.groups", "Choose building groups of this committee (or none, for all of them).", field: "groupIds[\(index)]")
    }
    /// 400 `group_notice.client_key`
    public static let clientKey = DomainError.invalid("group_notice.client_key", "Send a clientKey of 8 to 64 characters, the same for every retry.", field: "clientKey")
    /// 422 `group_notice.level` — notices are a committee's.
    public static let level = DomainError.unprocessable("group_notice.level", "Notices to building groups are posted and listed per residents' or village committee.", field: "nodeId")
    /// 403 `group_notice.not_leader` — only the group's leader (or the committee) marks it relayed to the group's chat.
    public static let notLeader = DomainError.forbidden("group_notice.not_leader", "Only the group's leader or the committee's workers relay notices to its chat.", field: "groupId")
    /// 422 `group_notice.not_for_group` — the notice is not for that group.
    public static let notForGroup = DomainError.unprocessable("group_notice.not_for_group", "This notice is not for that building group.", field: "groupId")
}
