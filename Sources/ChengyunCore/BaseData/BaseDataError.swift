/// 盘家底 — the error codes of compounds, buildings, houses, residents, tags and imports. Stable: the console and the
/// OpenAPI document rely on them.
public enum BaseDataError {
    /// 404 `compound.not_found`
    public static func compoundNotFound(_ id: CompoundID) -> DomainError { .notFound("compound.not_found", "There is no compound \(id) you may see.") }
    /// 404 `building.not_found`
    public static func buildingNotFound(_ id: BuildingID, field: String? = nil) -> DomainError {
        .notFound("building.not_found", "There is no building \(id) you may see.", field: field)
    }
    /// 404 `house.not_found`
    public static func houseNotFound(_ id: HouseID, field: String? = nil) -> DomainError { .notFound("house.not_found", "There is no house \(id) you may see.", field: field) }
    /// 404 `resident.not_found`
    public static func residentNotFound(_ id: ResidentID) -> DomainError { .notFound("resident.not_found", "There is no resident \(id) you may see.") }
    /// 422 `compound.not_in_committee` — base data belongs to a committee.
    public static let notACommittee = DomainError.unprocessable("compound.not_in_committee", "Base data is kept by a committee: give a committee's nodeId.", field: "nodeId")
    /// 409 `compound.duplicate_code`
    public static func duplicateCompound(_ code: String) -> DomainError {
        .conflict("compound.duplicate_code", "A compound with code \(code.prefix(32)) exists already.", field: "code")
    }
    /// 409 `building.duplicate_number`
    public static func duplicateBuilding(_ number: String) -> DomainError {
        .conflict("building.duplicate_number", "The compound has a building \(number.prefix(20)) already.", field: "number")
    }
    /// 409 `house.duplicate`
    public static func duplicateHouse(index: Int) -> DomainError {
        .conflict("house.duplicate", "The building has that unit, floor and number already.", field: "houses[\(index)]")
    }
    /// 400 `building.invalid_size`
    public static let buildingSize = DomainError.invalid("building.invalid_size", "Give 1 to 200 floors and 1 to 50 units.", field: "floors")
    /// 400 `resident.invalid_id_number`
    public static func idNumber(_ problem: IDNumber.Problem, field: String = "idNumber") -> DomainError {
        // 400 `resident.id_number_rounded` — its own code, so that the console says what to do about it.
        if problem == .spreadsheetNumber {
            return .invalid("resident.id_number_rounded",
                            "The ID number was kept as a number by a spreadsheet, which rounded its last digits; format the column as text, type the numbers again and send the file again.",
                            field: field)
        }
        let why = switch problem {
        case .form: "is not 17 digits and a check digit or X"
        case .birthDate: "holds no real birth date"
        case .checksum, .spreadsheetNumber: "has a check character that does not match (a typing error?)"
        }
        return .invalid("resident.invalid_id_number", "The ID number \(why).", field: field)
    }
    /// 400 `resident.name_required`
    public static func name(field: String = "name") -> DomainError { .invalid("resident.name_required", "Give the resident's name (at most 50 characters).", field: field) }
    /// 409 `resident.duplicate_id_number` — a person lives at one place at a time.
    public static func duplicateResident(field: String = "idNumber") -> DomainError {
        .conflict("resident.duplicate_id_number", "A resident with that ID number is recorded already; record the move instead.", field: field)
    }
    /// 400 `resident.move_target` — a move names a house or a committee, or says the person moved away.
    public static let moveTarget = DomainError.invalid("resident.move_target", "Give the houseId or the committee's nodeId moved to, or \"away\": true.", field: "houseId")
    /// 409 `resident.moved_out` — a person who moved away is moved in again by the committee they came to.
    public static let movedOut = DomainError.conflict("resident.moved_out", "This person has moved away; the committee they moved to records them by ID number.")
    /// 404 `resident.not_recorded` — nobody with that ID number is recorded: record them as a new resident.
    public static let notRecorded = DomainError.notFound("resident.not_recorded", "Nobody with that ID number is recorded; record the person as a new resident.", field: "idNumber")
    /// 400 `tag.unknown` — tags come from the city-wide dictionary only.
    public static func unknownTag(_ code: String, field: String) -> DomainError {
        .invalid("tag.unknown", "Tag \(code.prefix(40)) is not in the city's tag dictionary (no ad-hoc tags).", field: field)
    }
    /// 400 `base_data.reason_required`
    public static let reasonRequired = DomainError.invalid("base_data.reason_required", "Say why you read this person's details (2 to 200 characters).", field: "reason")
    /// 422 `resident_import.rejected` — nothing of a file with a bad row is applied; the report lists every bad row.
    public static func importRejected(_ rows: Int) -> DomainError {
        .unprocessable("resident_import.rejected", "\(rows) rows are not valid; nothing was applied. Fix them and send the whole file again.", field: "file")
    }
    /// 400 `resident_import.unreadable`
    public static func importUnreadable(_ why: String) -> DomainError { .invalid("resident_import.unreadable", "The file cannot be read: \(why)", field: "file") }
}
