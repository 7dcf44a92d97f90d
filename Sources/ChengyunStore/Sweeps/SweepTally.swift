public import ChengyunCore

/// How both stores count a sweep's progress (the `sweep_tally` rows): a row per building group of each committee
/// (group -1: the committee's houses in no group) whose parent is the committee, and a row per node (group 0) from
/// each committee up to the sweep's area whose parent is the node's parent.
public enum SweepTally {
    /// The group key of a node's own row.
    public static let node: Int64 = 0
    /// The group key of a committee's houses in no building group.
    public static let noGroup: Int64 = -1

    /// The nodes whose rows a result at a committee (`committeePath`) counts in: the committee and its ancestors down
    /// to (and including) the area.
    public static func nodes(committeePath: String, areaPath: String) -> [Int64] {
        let depth = OrgNode.ids(inPath: areaPath).count - 1
        return OrgNode.ids(inPath: committeePath).dropFirst(max(0, depth)).map(\.rawValue)
    }

    /// The kinds of node, from the committee's parent up to the area's depth, whose rows are summed from their
    /// children's at launch, each with the kind of its children.
    public static func levelsAbove(areaPath: String) -> [(parent: OrgNode.Kind, child: OrgNode.Kind)] {
        let areaDepth = OrgNode.ids(inPath: areaPath).count - 1
        let committee = OrgNode.Kind.committee.depth
        guard areaDepth < committee else { return [] }
        return (areaDepth..<committee).reversed().map { (OrgNode.Kind.allCases[$0], OrgNode.Kind.allCases[$0 + 1]) }
    }

    /// A house's label on a leader's list: `1单元 301`.
    public static func label(unit: String, number: String) -> String { "\(unit)单元 \(number)" }
}
