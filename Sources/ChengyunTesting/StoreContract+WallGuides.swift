import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 指引图: a guide stored whole (steps in order, optional texts, signs in order) at the city and at a district, read
    /// back by the nodes asked for only, of its kind only; the next version replaces it (no step or sign left over), a
    /// change on an older version refused, the first one on version 0.
    public static func wallGuides(_ fresh: @Sendable () async throws -> any OrganisationStore & WallGuideStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let at = Date(timeIntervalSince1970: 1_780_000_000.123)
        let steps = [WallGuideStep(title: "确认与告知", content: "电话告知", responsible: "居委会", notes: "同住人员一并登记"),
                     WallGuideStep(title: "登记处", content: "设多语种登记处", signs: [GuideSign(lang: "en", text: "Registration"), GuideSign(lang: "ja", text: "登録受付")])]
        let city = try await store.setWallGuide(WallGuide(kind: .foreignResidents, nodeID: t.city.id, nodePath: t.city.path, title: "涉外服务指引图", steps: steps,
                                                          setBy: "管理员", setAt: at), version: 0)
        #expect(city.version == 1 && city.setAt == Date(timeIntervalSince1970: 1_780_000_000.123))
        let district = try await store.setWallGuide(WallGuide(kind: .foreignResidents, nodeID: t.district.id, nodePath: t.district.path, title: "东湖区涉外指引",
                                                              steps: [steps[1]], setBy: "区管理员", setAt: at), version: nil)
        let read = try await store.wallGuides(kind: .foreignResidents, at: [t.city.id, t.district.id, t.street.id])
        #expect(read == [city, district], "both, by path, whole")
        #expect(try await store.wallGuides(kind: .foreignResidents, at: [t.city.id]) == [city])
        #expect(try await store.wallGuides(kind: .homeIsolation, at: [t.city.id, t.district.id]).isEmpty, "another kind")
        #expect(try await store.wallGuides(kind: .foreignResidents, at: []).isEmpty)
        do {
            _ = try await store.setWallGuide(WallGuide(kind: .foreignResidents, nodeID: t.city.id, nodePath: t.city.path, title: "旧", steps: steps, setAt: at), version: 0)
            Issue.record("a change on an older version is refused")
        } catch let error as DomainError { #expect(error.code == "wall_guide.changed") }
        let next = try await store.setWallGuide(WallGuide(kind: .foreignResidents, nodeID: t.city.id, nodePath: t.city.path, title: "涉外服务指引图（修订）",
                                                          steps: [steps[0]], setBy: "管理员", setAt: at), version: 1)
        #expect(next.version == 2)
        #expect(try await store.wallGuides(kind: .foreignResidents, at: [t.city.id]) == [next], "replaced whole: no step or sign left over")
        // Withdrawn on the version read: gone whole; the city's stays.
        do {
            _ = try await store.withdrawWallGuide(.foreignResidents, at: t.district.id, version: 7)
            Issue.record("a withdrawal on an older version is refused")
        } catch let error as DomainError { #expect(error.code == "wall_guide.changed") }
        #expect(try await store.withdrawWallGuide(.foreignResidents, at: t.district.id, version: district.version))
        #expect(try await store.wallGuides(kind: .foreignResidents, at: [t.city.id, t.district.id]) == [next])
        #expect(try await store.withdrawWallGuide(.foreignResidents, at: t.district.id, version: 1) == false, "none set there any more")
        #expect(try await store.setWallGuide(WallGuide(kind: .foreignResidents, nodeID: t.district.id, nodePath: t.district.path, title: "再设", steps: [steps[0]],
                                                       setBy: "区管理员", setAt: at), version: 0).version == 1, "set again from none")
    }
}
