/// 居委视图 — the error codes of a committee's own view, each with its message.
/// The codes are stable: clients, the console and the OpenAPI document rely on them.
public enum CommitteeError {
    /// 422 `node.not_committee`
    public static func notACommittee(_ node: OrgNode) -> DomainError {
        .unprocessable("node.not_committee", "Node \(node.id) is a \(node.kind.rawValue); this view is of a committee.", field: "nodeId")
    }
}
