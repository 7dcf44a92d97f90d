import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 扫码注册: a registration stored with its account in one commit (the same group and key the same registration,
    /// no second account; a taken username refused with nothing stored); found by id, account and verified resident;
    /// listed by area and status newest first; decided once (a resident verified in one registration only; a refusal
    /// disables the account); a day of use moves the rollups once; the tallies count verified, active and pending at
    /// every level.
    public static func registrations(_ fresh: @Sendable () async throws -> any OrganisationStore & UserStore & BaseDataStore & BuildingGroupStore & RegistrationStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        let at = Date(timeIntervalSince1970: 1_781_000_000)
        func code(_ body: () async throws -> Void) async -> String? {
            do { try await body(); return nil } catch let error as DomainError { return error.code } catch { return "\(error)" }
        }
        let compound = try await store.createCompound(Compound(id: CompoundID(0), code: "XQ-RG", name: "注册新村", nodeID: t.committee.id, nodePath: t.committee.path,
                                                               type: .oldEstate, managementMode: .selfManaged))
        let building = try await store.createBuilding(Building(id: BuildingID(0), compoundID: compound.id, nodeID: t.committee.id, nodePath: t.committee.path,
                                                               number: "1号楼", floors: 6, units: 2), houses: []).building
        let people = try await store.addResidents([
            Resident(id: ResidentID(0), nodeID: t.committee.id, nodePath: t.committee.path, name: "王小明", kind: .registered, source: "test"),
            Resident(id: ResidentID(0), nodeID: t.committee.id, nodePath: t.committee.path, name: "李小红", kind: .registered, source: "test"),
        ])
        let group = try await store.createBuildingGroup(BuildingGroup(
            id: BuildingGroupID(0), code: "LZ-RG", name: "1号楼组", kind: .building, nodeID: t.committee.id, nodePath: t.committee.path, buildingIDs: [building.id],
            registrationCode: "qrregistration01"))
        func draft(_ key: String, name: String, status: ResidentRegistration.Status = .pending, resident: ResidentID? = nil) -> ResidentRegistration {
            ResidentRegistration(id: RegistrationID(0), groupID: group.id, nodeID: t.committee.id, nodePath: t.committee.path, userID: UserID(0), name: name,
                                 phone: "13912345678", buildingID: building.id, room: "1单元302", residentID: resident, status: status, createdAt: at,
                                 decidedAt: resident == nil ? nil : at, decidedBy: resident == nil ? nil : "实名核验", clientKey: key)
        }
        func account(_ username: String) -> UserDraft {
            UserDraft(username: username, displayName: "王**", phone: "13912345678", passwordHash: "x", assignments: [AssignmentDraft(role: .resident, nodeID: t.committee.id)])
        }

        // Stored with its account; the same key again is the same registration, without a second account.
        let (first, created) = try await store.register(draft("key-first-0001", name: "王小明"), account: account("wang.rg"))
        #expect(created && first.id.rawValue > 0 && first.userID.rawValue > 0 && first.name == "王小明" && first.phone == "13912345678" && first.room == "1单元302")
        let user = try await store.user(first.userID)
        #expect(user?.username == "wang.rg" && user?.assignments.map(\.role) == [.resident] && user?.assignments.first?.nodeID == t.committee.id)
        let (again, createdAgain) = try await store.register(draft("key-first-0001", name: "王小明"), account: account("wang.rg2"))
        #expect(!createdAgain && again == first)
        #expect(try await store.credentials(username: "wang.rg2") == nil, "a retry makes no second account")
        // A taken username: nothing stored.
        #expect(await code { _ = try await store.register(draft("key-taken-0001", name: "李小红"), account: account("WANG.rg")) } == "user.duplicate_username")
        #expect(try await store.registrations(under: t.city.path, status: nil, before: nil, limit: 10).map(\.id) == [first.id])

        // Verified at once as a resident; that resident cannot be verified in a second registration.
        let (second, _) = try await store.register(draft("key-second-001", name: "李小红", status: .verified, resident: people[1].id), account: account("li.rg"))
        #expect(second.status == .verified && second.residentID == people[1].id)
        #expect(try await store.registration(resident: people[1].id)?.id == second.id)
        #expect(try await store.registration(user: second.userID)?.id == second.id)
        #expect(try await store.verifiedResidents(among: people.map(\.id)) == [people[1].id])
        #expect(await code { _ = try await store.register(draft("key-third-0001", name: "李小红", status: .verified, resident: people[1].id), account: account("li.rg2")) }
                == "registration.resident")
        #expect(try await store.credentials(username: "li.rg2") == nil, "the refused registration made no account")
        let (third, _) = try await store.register(draft("key-third-0002", name: "某人"), account: account("who.rg"))

        // Listed newest first, by status, a page at a time.
        #expect(try await store.registrations(under: t.committee.path, status: nil, before: nil, limit: 10).map(\.id) == [third.id, second.id, first.id])
        #expect(try await store.registrations(under: t.committee.path, status: .pending, before: nil, limit: 10).map(\.id) == [third.id, first.id])
        #expect(try await store.registrations(under: t.committee.path, status: nil, before: third.id, limit: 1).map(\.id) == [second.id])
        #expect(try await store.registrations(under: "/no/", status: nil, before: nil, limit: 10).isEmpty)

        let since = LocalDate(year: 2026, month: 6, day: 1)!
        var tallies = try await store.registrationTallies([t.city.id, t.street.id, t.committee.id], since: since)
        #expect(tallies[t.city.id] == RegistrationTally(verified: 1, active: 0, pending: 2))
        #expect(tallies[t.committee.id] == tallies[t.city.id])

        // Decided once: verified as a resident taken already is refused; a refusal disables the account.
        #expect(await code { _ = try await store.decideRegistration(first.id, status: .verified, resident: people[1].id, note: "", by: "陈社工", at: at) } == "registration.resident")
        let verified = try await store.decideRegistration(first.id, status: .verified, resident: people[0].id, note: "", by: "陈社工", at: at)
        #expect(verified?.status == .verified && verified?.residentID == people[0].id && verified?.decidedBy == "陈社工" && verified?.decidedAt == at)
        #expect(try await store.decideRegistration(first.id, status: .refused, resident: nil, note: "again", by: "陈社工", at: at) == nil, "decided once")
        let refused = try await store.decideRegistration(third.id, status: .refused, resident: nil, note: "不是本楼居民", by: "陈社工", at: at)
        #expect(refused?.status == .refused && refused?.note == "不是本楼居民")
        #expect(try await store.user(third.userID)?.active == false)

        // A day of use counts once; a later day moves it.
        let day = LocalDate(year: 2026, month: 6, day: 10)!
        #expect(try await store.touchRegistration(user: first.userID, day: day))
        #expect(try await store.touchRegistration(user: first.userID, day: day) == false)
        #expect(try await store.touchRegistration(user: first.userID, day: LocalDate(year: 2026, month: 6, day: 9)!) == false, "never back")
        #expect(try await store.touchRegistration(user: UserID(999_999), day: day) == false)
        #expect(try await store.registration(first.id)?.lastActiveDay == day)
        tallies = try await store.registrationTallies([t.city.id, t.district.id, t.street.id, t.committee.id], since: since)
        for node in [t.city.id, t.district.id, t.street.id, t.committee.id] {
            #expect(tallies[node] == RegistrationTally(verified: 2, active: 1, pending: 0), "at node \(node)")
        }
        #expect(try await store.touchRegistration(user: first.userID, day: LocalDate(year: 2026, month: 6, day: 11)!))
        tallies = try await store.registrationTallies([t.street.id], since: LocalDate(year: 2026, month: 6, day: 11)!)
        #expect(tallies[t.street.id] == RegistrationTally(verified: 2, active: 1, pending: 0))
        tallies = try await store.registrationTallies([t.street.id], since: LocalDate(year: 2026, month: 6, day: 12)!)
        #expect(tallies[t.street.id] == RegistrationTally(verified: 2, active: 0, pending: 0))
    }
}
