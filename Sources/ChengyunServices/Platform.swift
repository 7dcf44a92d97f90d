import ChengyunCore
public import ChengyunStore
import Foundation
public import Logging

/// 平台 — the use cases of Chengyun, one group per capability (the same folder name as in the domain, store, adapter
/// and HTTP layers). Each use case loads, asks the policy, decides with the pure core, and persists the new state with
/// its history entry in one transaction; each group holds only the store ports it needs.
///
/// Built once by the composition root (ChengyunServer) on the store it opened; the store itself is not reachable
/// from here, so a route can only go through a use case.
public final class Platform: Sendable {
    /// The reference data, clock, settings, log and case feed every group shares.
    public let shared: UseCaseContext
    /// The live streams open now (limits, revocation).
    public let streams: LiveStreams
    /// Each API key's requests per day, under its sharing terms.
    public let keyUsage: KeyUsageMeter

    public let organisation: OrganisationUseCases
    public let users: UserUseCases
    public let accounts: AccountUseCases
    public let sharing: SharingUseCases
    public let personalData: PersonalDataUseCases
    public let config: ConfigUseCases
    public let cases: CaseUseCases
    public let dispatch: DispatchUseCases
    public let duty: DutyUseCases
    public let kpi: KPIUseCases
    public let committee: CommitteeUseCases
    public let hotspots: HotspotUseCases
    public let map: MapUseCases
    public let cameras: CameraUseCases
    public let sensing: SensingUseCases
    public let warnings: WarningUseCases
    public let vitalSigns: VitalSignUseCases
    public let flood: FloodUseCases
    public let instructions: InstructionUseCases
    public let stations: StationUseCases
    public let baseData: BaseDataUseCases
    public let buildingGroups: BuildingGroupUseCases
    public let sweeps: SweepUseCases
    public let admission: AdmissionUseCases
    /// 知事项 — the positive and responsibility lists, a station's matters and daily tasks.
    public let matters: MatterUseCases
    /// 三会 — committees' consultations and the topics gathered for them.
    public let consultations: CommunityConsultationUseCases
    /// 物业 — property companies, their emergency repairs, credit and notices.
    public let property: PropertyCompanyUseCases
    /// 台账 — the ledger catalogue, kept entries and imports, the generated monthly report.
    public let ledgers: LedgerUseCases
    public let registrations: RegistrationUseCases
    public let volunteers: VolunteerUseCases
    public let groupNotices: GroupNoticeUseCases
    /// 房态图 / 楼态图 — the status maps drawn every day by the city's rules.
    public let statusMaps: StatusMapUseCases
    public let keyPlaces: KeyPlaceUseCases
    public let wallGuides: WallGuideUseCases
    /// 一网通办 — community-affairs requests tied to the resident on record, handled on their behalf (代办).
    public let serviceRequests: ServiceRequestUseCases
    /// 吹哨人 — hazards reported by anyone, followed by a receipt code, read by the designated handler alone.
    public let whistleblowing: WhistleblowingUseCases
    /// 隐患排查销项 — inspections, hazards and their close-out rates.
    public let hazards: HazardUseCases
    public let police: PoliceUseCases
    public let hotline: HotlineUseCases
    public let exports: ExportUseCases
    public let openData: OpenDataUseCases
    public let open311: Open311UseCases
    /// The other nodes' changes applied here.
    public let cluster: ClusterUseCases

    /// The outbox, for the service that delivers it (`OutboxDispatcher`).
    let outbox: any OutboxStore
    /// The database's liveness probe (the health check).
    private let probe: any CaseStore

    public init(store: any ChengyunStore, clock: any WallClock = SystemWallClock(), settings: PlatformSettings = PlatformSettings(), logger: Logger = Logger(label: "chengyun")) {
        let shared = UseCaseContext(clock: clock, settings: settings, logger: logger, feed: CaseFeed(),
                                    reference: ReferenceCache(store: store, kpi: settings.kpi, logger: logger))
        let sessions = SessionCache(settings: settings.security)
        let keyUsage = KeyUsageMeter(store: store)
        let onDuty = OnDutyLookup(store: store)
        let accessWatch = AccessWatch(store: store, policy: settings.security.accessWatch, logger: logger)
        self.shared = shared
        self.streams = sessions.streams
        self.keyUsage = keyUsage
        organisation = OrganisationUseCases(store: store, shared: shared)
        users = UserUseCases(store: store, shared: shared, sessions: sessions)
        accounts = AccountUseCases(store: store, shared: shared, sessions: sessions, keyUsage: keyUsage)
        sharing = SharingUseCases(store: store, shared: shared, sessions: sessions, keyUsage: keyUsage)
        personalData = PersonalDataUseCases(store: store, shared: shared, accessWatch: accessWatch)
        config = ConfigUseCases(store: store, shared: shared)
        cases = CaseUseCases(store: store, shared: shared, whoIsOnDuty: onDuty)
        dispatch = DispatchUseCases(store: store, shared: shared)
        duty = DutyUseCases(store: store, shared: shared, whoIsOnDuty: onDuty)
        kpi = KPIUseCases(store: store, shared: shared)
        committee = CommitteeUseCases(store: store, shared: shared)
        hotspots = HotspotUseCases(store: store, shared: shared)
        map = MapUseCases(store: store, shared: shared)
        cameras = CameraUseCases(store: store, shared: shared)
        warnings = WarningUseCases(store: store, shared: shared)
        vitalSigns = VitalSignUseCases(store: store, shared: shared)
        flood = FloodUseCases(store: store, shared: shared)
        instructions = InstructionUseCases(store: store, shared: shared)
        stations = StationUseCases(store: store, shared: shared)
        baseData = BaseDataUseCases(store: store, shared: shared, accessWatch: accessWatch)
        buildingGroups = BuildingGroupUseCases(store: store, shared: shared)
        sweeps = SweepUseCases(store: store, shared: shared)
        admission = AdmissionUseCases(store: store, shared: shared)
        matters = MatterUseCases(store: store, shared: shared, stations: stations)
        consultations = CommunityConsultationUseCases(store: store, shared: shared)
        property = PropertyCompanyUseCases(store: store, shared: shared)
        ledgers = LedgerUseCases(store: store, shared: shared)
        registrations = RegistrationUseCases(store: store, shared: shared, sessions: sessions)
        volunteers = VolunteerUseCases(store: store, shared: shared)
        groupNotices = GroupNoticeUseCases(store: store, shared: shared)
        statusMaps = StatusMapUseCases(store: store, shared: shared)
        keyPlaces = KeyPlaceUseCases(store: store, shared: shared)
        wallGuides = WallGuideUseCases(store: store, shared: shared)
        serviceRequests = ServiceRequestUseCases(store: store, shared: shared)
        whistleblowing = WhistleblowingUseCases(store: store, shared: shared, cases: cases)
        hazards = HazardUseCases(store: store, shared: shared)
        sensing = SensingUseCases(store: store, shared: shared, engine: AlarmEngine(), streams: DatastreamCache(), cases: cases)
        police = PoliceUseCases(store: store, shared: shared)
        hotline = HotlineUseCases(store: store, shared: shared)
        exports = ExportUseCases(store: store, shared: shared, accessWatch: accessWatch)
        openData = OpenDataUseCases(store: store, shared: shared)
        open311 = Open311UseCases(store: store)
        cluster = ClusterUseCases(store: store, shared: shared, sessions: sessions)
        outbox = store
        probe = store
    }

    public var clock: any WallClock { shared.clock }
    public var settings: PlatformSettings { shared.settings }
    public var logger: Logger { shared.logger }
    /// Committed case changes, for live streams.
    public var feed: CaseFeed { shared.feed }
    /// The reference data now in force.
    public var data: ReferenceData { shared.data }

    /// Reloads taxonomy, calendar, rules, departments and the grid index from the store.
    public func reload() async throws { try await shared.reload() }

    /// Whether the database answers (the health check).
    public func ping() async throws { try await probe.ping() }
}
