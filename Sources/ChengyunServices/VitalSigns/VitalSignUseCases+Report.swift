public import ChengyunCore
public import ChengyunStore
public import Foundation

/// 体检 — an area's health check over a period: every fed indicator over the period and the period before, the
/// case loop's KPIs, the situation notes written, and the signs now.
public struct VitalSignReport: Sendable, Hashable, Codable {
    public struct Line: Sendable, Hashable, Codable {
        public var sign: VitalSign
        public var value: Double?
        public var previous: Double?
    }
    public var board: VitalSignBoard
    public var from: Date
    public var to: Date
    public var days: Int
    public var lines: [Line]
    public var kpis: KPIReport
    public var previousKPIs: KPIReport
    public var notes: [VitalSignNote]
}

extension VitalSignUseCases {
    /// 研判 — writes (or rewrites) the area's situation note for a local day.
    public func writeNote(node nodeID: NodeID?, day: String?, text: String, by identity: Identity) async throws -> VitalSignNote {
        let node = try await area(nodeID, by: identity)
        guard identity.paths(for: Self.analysts).contains(where: { node.path.hasPrefix($0) }) else {
            throw AccessError.roleRequired(Self.analysts, to: "write the situation note of this area")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 4_000 else { throw VitalSignError.note }
        try InputLimits.check(trimmed, field: "text", max: 4_000, multiline: true)
        let now = clock.now()
        let today = Self.localDay(now, utcOffsetSeconds: data.calendar.utcOffsetSeconds)
        let day = day ?? today
        guard Self.isDay(day), day <= today else { throw VitalSignError.day }
        let note = VitalSignNote(nodeID: node.id, day: day, text: trimmed, author: identity.name, authorName: try await store.displayName(of: identity), writtenAt: now)
        try await store.putVitalSignNote(note)
        return note
    }

    /// The area's notes over the last `days` days, newest first.
    public func notes(node nodeID: NodeID?, days: Int, by identity: Identity) async throws -> [VitalSignNote] {
        let node = try await area(nodeID, by: identity)
        let now = clock.now()
        let offset = data.calendar.utcOffsetSeconds
        return try await store.vitalSignNotes(node: node.id, from: Self.localDay(now.addingTimeInterval(-Double(max(1, min(days, 366)) - 1) * 86_400), utcOffsetSeconds: offset),
                                              to: Self.localDay(now, utcOffsetSeconds: offset))
    }

    /// 体检报告 — the area's health check over the last `days` days (1 to 92).
    public func report(node nodeID: NodeID?, days: Int, by identity: Identity) async throws -> VitalSignReport {
        guard (1...92).contains(days) else { throw VitalSignError.period }
        let board = try await board(node: nodeID, by: identity)
        let node = try await store.requireNode(board.node.id)
        let now = clock.now()
        let figures = VitalSignFigures(store: store, node: node, now: now)
        let hours = days * 24
        var lines: [VitalSignReport.Line] = []
        let catalogue = try await store.vitalSignCatalogue() ?? VitalSignCatalogue(signs: [])
        for sign in catalogue.signs where sign.formula != nil && sign.formula?.source != .alarms {
            let values = try await figures.values(sign, count: 2, hours: hours)
            lines.append(VitalSignReport.Line(sign: sign, value: values[1], previous: values[0]))
        }
        let spans = figures.windows(hours: hours, count: 2)
        func kpis(_ span: (from: Int64, to: Int64)) async throws -> KPIReport {
            let query = CaseQuery(scope: .everything, nodePath: node.path, reportedFrom: VitalSignFigures.date(span.from),
                                  reportedTo: VitalSignFigures.date(span.to), limit: nil)
            return try await store.kpiCount(query, leadDepartment: nil, now: now).report
        }
        return VitalSignReport(board: board, from: VitalSignFigures.date(spans[1].from), to: now, days: days, lines: lines,
                               kpis: try await kpis(spans[1]), previousKPIs: try await kpis(spans[0]),
                               notes: try await notes(node: node.id, days: days, by: identity))
    }

    static func localDay(_ date: Date, utcOffsetSeconds: Int) -> String {
        let day = Int64(((date.timeIntervalSince1970 + Double(utcOffsetSeconds)) / 86_400).rounded(.down))
        let (y, m, d) = ReadingTables.civil(day)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    static func isDay(_ s: String) -> Bool {
        let parts = s.split(separator: "-")
        guard s.count == 10, parts.count == 3, let y = Int64(parts[0]), let m = Int64(parts[1]), let d = Int64(parts[2]) else { return false }
        return (1...12).contains(m) && (1...31).contains(d) && ReadingTables.civil(ReadingTables.days(y, m, d)) == (y, m, d)
    }
}
