/// 存储 — the storage port in domain terms. SQLite implements it now, PostgreSQL later;
/// both must pass the same contract suite (Sources/ChengyunTesting/StoreContract.swift).
///
/// Each capability has its own port in its own folder (Organisation/, Users/, Accounts/, Sharing/, Config/, Cases/,
/// Dispatch/, Duty/, KPI/, Committee/, Hotspots/, Map/, Police/, Cameras/, Outbox/, Exports/, OpenData/); a use case holds only
/// the ports it needs, and an adapter implements all of them.
public typealias ChengyunStore = OrganisationStore & UserStore & AccountStore & SharingStore & AuditStore & ConfigStore & CaseStore
    & DispatchRuleStore & OutboxStore & CameraStore & HandlingPowerStore & DutyStore & ExportStore & OpenDataStore & CaseAnalyticsStore
    & CommitteeStore & CaseMapStore & HotspotStore & ClusterStore & SensingStore & WarningStore & VitalSignStore & FloodStore & InstructionStore
    & StationStore & BaseDataStore & BuildingGroupStore & SweepStore & AdmissionStore & MatterStore & CommunityConsultationStore & PropertyCompanyStore & CommitteeDigestStore & LedgerStore
    & RegistrationStore & VolunteerStore & GroupNoticeStore & StatusMapStore & KeyPlaceStore & WallGuideStore & ServiceRequestStore & DocumentStore
    & WhistleblowerStore & HazardStore

