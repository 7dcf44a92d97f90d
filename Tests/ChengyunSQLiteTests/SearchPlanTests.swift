import ChengyunCore
@testable import ChengyunSQLite
import ChengyunStore
import Testing

/// Which searches walk the newest cases when their text matches more than a total counts (`isWideSearch`): a city's
/// or a district's, with no other filter; a narrower subtree or any other filter keeps SQLite's own plan.
@Suite("全文检索：常见词在全市范围内按最新案件走索引")
struct SearchPlanTests {
    @Test("只有文本和市、区范围时才按最新案件走")
    func wideSearch() {
        let city = CaseScope(paths: ["/1/"], reporter: UserID(4))
        #expect(SQLiteStore.isWideSearch(CaseQuery(scope: city, text: "花园居委")))
        #expect(SQLiteStore.isWideSearch(CaseQuery(scope: CaseScope(paths: ["/1/2/"]), text: "花园居委", limit: 20, offset: 40)))
        var paged = CaseQuery(scope: city, text: "花园居委")
        paged.after = CaseCursor(key: 1, id: 2)
        #expect(SQLiteStore.isWideSearch(paged), "a later page")
        #expect(!SQLiteStore.isWideSearch(CaseQuery(scope: city, text: "花园")), "too short for the index")
        #expect(!SQLiteStore.isWideSearch(CaseQuery(scope: city)), "no text")
        #expect(!SQLiteStore.isWideSearch(CaseQuery(scope: CaseScope(paths: ["/1/2/3/"]), text: "花园居委")), "a street")
        #expect(!SQLiteStore.isWideSearch(CaseQuery(scope: city, nodePath: "/1/2/3/", text: "花园居委")), "under a street")
        #expect(!SQLiteStore.isWideSearch(CaseQuery(scope: city, categoryID: "event:0101", text: "花园居委")), "a category")
        #expect(!SQLiteStore.isWideSearch(CaseQuery(scope: city, states: [.closed], text: "花园居委")), "states")
        #expect(!SQLiteStore.isWideSearch(CaseQuery(scope: CaseScope(paths: ["/1/"], sources: [.hotline]), text: "花园居委")), "sources")
        #expect(!SQLiteStore.isWideSearch(CaseQuery(scope: CaseScope(paths: []), text: "花园居委")), "no subtree")
    }
}
