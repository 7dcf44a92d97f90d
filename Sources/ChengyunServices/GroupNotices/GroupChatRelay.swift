import ChengyunCore
import ChengyunStore
public import Foundation

/// 群机器人 — delivers the notices' messages to the deployment's gateway into the building groups' chats
/// (`notices.chatGateway`): JSON, one group a message, in order per group, retried until the gateway answers 2xx; then
/// the notice counts as relayed to that group (docs/GROUP-NOTICES.md).
extension OutboxDispatcher {
    public static func groupChats(platform: Platform, url: URL, interval: Duration = .seconds(1)) -> OutboxDispatcher {
        OutboxDispatcher(platform: platform, url: url, topic: GroupChatMessage.topic, interval: interval,
                         render: { m in (Data(m.payload.utf8), "application/json; charset=utf-8") },
                         delivered: { m in try await platform.groupNotices.relayedByGateway(try JSONDecoder().decode(GroupChatMessage.self, from: Data(m.payload.utf8))) })
    }
}
