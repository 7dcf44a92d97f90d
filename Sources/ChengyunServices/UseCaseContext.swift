import ChengyunCore
import Foundation
public import Logging

/// What every group of use cases shares: the reference data now in force, the clock, the deployment's settings, the
/// log and the feed of committed case changes. The store is not here: each group holds only the ports it needs.
public struct UseCaseContext: Sendable {
    public let clock: any WallClock
    public let settings: PlatformSettings
    public let logger: Logger
    /// Committed case changes, for live streams.
    public let feed: CaseFeed
    let reference: ReferenceCache

    /// The reference data now in force.
    public var data: ReferenceData { reference.current }

    /// Reloads the reference data after an admin changed it.
    func reload() async throws { try await reference.reload() }

    /// The context for deciding a command now, with the deployment's loop rules and reference data.
    func caseContext(_ actor: Identity, data: ReferenceData, now: Date, attachmentIDs: [AttachmentID] = [], location: GeoPoint? = nil) -> CaseContext {
        CaseContext(now: now, calendar: data.calendar, actor: actor, departmentPaths: data.departmentPaths, attachmentIDs: attachmentIDs,
                    location: location, policy: settings.loop, handlingPowers: data.handlingPowers, afterPhotoCategories: data.afterPhotoCategories,
                    companyUnits: data.companyUnits, notForCases: data.notForCases)
    }
}

/// A group of use cases of one capability: it reads the shared context through these names.
protocol UseCaseGroup: Sendable {
    var shared: UseCaseContext { get }
}

extension UseCaseGroup {
    var clock: any WallClock { shared.clock }
    var settings: PlatformSettings { shared.settings }
    var logger: Logger { shared.logger }
    var feed: CaseFeed { shared.feed }
    var data: ReferenceData { shared.data }

    func reload() async throws { try await shared.reload() }

    func caseContext(_ actor: Identity, data: ReferenceData, now: Date, attachmentIDs: [AttachmentID] = [], location: GeoPoint? = nil) -> CaseContext {
        shared.caseContext(actor, data: data, now: now, attachmentIDs: attachmentIDs, location: location)
    }
}
