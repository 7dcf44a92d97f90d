public import Foundation

extension LedgerEntry {
    /// 更正前的版本 — what an entry said before a correction: its day, title, place, participants and content as of
    /// `version`, and who wrote that version when (the recorder for the first, the correction's author after). An entry
    /// keeps every earlier version, so an upper level reading a corrected ledger sees what was changed, not only that it was.
    public struct Version: Sendable, Hashable, Codable {
        public var entryID: LedgerEntryID
        public var version: Int
        public var day: LocalDate
        public var title: String
        public var place: String
        public var participants: Int?
        public var content: String
        public var madeAt: Date
        public var madeBy: String

        public init(entryID: LedgerEntryID, version: Int, day: LocalDate, title: String, place: String, participants: Int?, content: String, madeAt: Date, madeBy: String) {
            self.entryID = entryID
            self.version = version
            self.day = day
            self.title = title
            self.place = place
            self.participants = participants
            self.content = content
            self.madeAt = madeAt
            self.madeBy = madeBy
        }
    }

    /// The entry as it stands, as a version (kept when a correction replaces it).
    public var asVersion: Version {
        Version(entryID: id, version: version, day: day, title: title, place: place, participants: participants, content: content,
                madeAt: correctedAt ?? recordedAt, madeBy: correctedBy ?? recordedBy)
    }
}
