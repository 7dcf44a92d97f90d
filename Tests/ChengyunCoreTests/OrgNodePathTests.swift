import ChengyunCore
import Testing

@Suite("组织路径 node paths")
struct OrgNodePathTests {
    @Test("路径的最后一段是节点自己的编号") func lastIDIsTheNodesOwn() {
        for path in ["/1/", "/1/4/", "/1/4/27/", "/12/345/6789/101112/13141516/", "/9223372036854775807/"] {
            #expect(OrgNode.lastID(inPath: path) == OrgNode.ids(inPath: path).last, "\(path)")
        }
        #expect(OrgNode.lastID(inPath: "/1/4/27") == NodeID(27))
        #expect(OrgNode.lastID(inPath: "/") == nil)
        #expect(OrgNode.lastID(inPath: "") == nil)
        #expect(OrgNode.lastID(inPath: "/1/x/") == nil)
        #expect(OrgNode.lastID(inPath: "/99999999999999999999/") == nil, "past Int64")
    }
}
