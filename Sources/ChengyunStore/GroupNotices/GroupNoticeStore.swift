public import ChengyunCore
public import Foundation

/// 楼组通知 — a committee's notices with the groups they are for (child rows), who read them (counted once each in the
/// transaction that records the read) and the groups' chats they were relayed to.
public protocol GroupNoticeStore: Sendable {
    /// Stores a notice and counts its audience (the registrations, not refused, in its groups) in one transaction; the
    /// same client key at the same committee is the same notice (created false).
    /// A new notice's messages to its groups' chats (`chats`, topic `group_notice.chat`) go to the outbox in the same
    /// transaction, each payload's `"noticeId":0` given the notice's id; a retried notice writes none again.
    func postGroupNotice(_ notice: GroupNotice, chats: [OutboxMessage]) async throws -> (notice: GroupNotice, created: Bool)
    func groupNotice(_ id: GroupNoticeID) async throws -> GroupNotice?
    /// A committee's notices, newest first, with ids below `before`.
    func groupNotices(committee: NodeID, before: GroupNoticeID?, limit: Int) async throws -> [GroupNotice]
    /// The notices of a committee for any of `groups` (and those for every group), newest first, each with whether
    /// `reader` has read it.
    func groupNotices(committee: NodeID, groups: [BuildingGroupID], reader: UserID, limit: Int) async throws -> [(notice: GroupNotice, read: Bool)]
    /// Records that `reader` read the notice; true the first time (the count goes up once).
    func readGroupNotice(_ id: GroupNoticeID, reader: UserID, at: Date) async throws -> Bool
    /// Records the notice relayed to a group's chat, once per group; nil when there is no such notice.
    func relayGroupNotice(_ id: GroupNoticeID, relay: GroupNotice.Relay) async throws -> GroupNotice?
}

extension GroupNoticeStore {
    /// A notice with no messages to the groups' chats.
    public func postGroupNotice(_ notice: GroupNotice) async throws -> (notice: GroupNotice, created: Bool) { try await postGroupNotice(notice, chats: []) }
}
