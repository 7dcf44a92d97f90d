public import ChengyunCore

/// 吹哨人 — whistle-blower reports, their messages and the designated handlers. The reporter's name and phone are sealed
/// with the store's cipher; the receipt code and the client's retry key are kept only as hashes.
public protocol WhistleblowerStore: Sendable {
    /// Stores a new report (its id from the database). The same client key is the same report: the stored one comes
    /// back (`created` false) and `receiptHash` replaces its receipt code's, since only the client that never got the
    /// first answer retries.
    func createWhistleblowerReport(_ report: WhistleblowerReport, receiptHash: String, clientKeyHash: String) async throws -> (report: WhistleblowerReport, created: Bool)
    func whistleblowerReport(_ id: WhistleblowerReportID) async throws -> WhistleblowerReport?
    func whistleblowerReport(receiptHash: String) async throws -> WhistleblowerReport?
    /// The reports routed to any of `paths` (of `status`), newest first, with ids below `before`.
    func whistleblowerReports(routedTo paths: [String], status: WhistleblowerReport.Status?, before: WhistleblowerReportID?, limit: Int) async throws -> [WhistleblowerReport]
    /// Saves the handler's step on the version read (status, reply, case, reward, decided at); the stored report with its
    /// version moved on, or nil when it was changed meanwhile.
    func saveWhistleblowerReport(_ report: WhistleblowerReport, readVersion: Int) async throws -> WhistleblowerReport?
    /// Adds a message to a report's thread unless it holds `limit` already (false then).
    func addWhistleblowerMessage(_ message: WhistleblowerMessage, limit: Int) async throws -> Bool
    /// A report's messages, oldest first.
    func whistleblowerMessages(_ id: WhistleblowerReportID) async throws -> [WhistleblowerMessage]
    /// Designates the handler of a district or the city (nil: none).
    func designateWhistleblowerHandler(node: NodeID, _ handler: WhistleblowerHandler?) async throws
    /// Every designation (one per district and the city at most).
    func whistleblowerHandlers() async throws -> [WhistleblowerHandler]
    /// How many reports are routed to each path and not yet decided.
    func openWhistleblowerReports(routedTo paths: [String]) async throws -> [String: Int]
    /// Seals reporters' names and phones anew under the current key where they are not; how many changed.
    func resealWhistleblowerReports() async throws -> Int
}
