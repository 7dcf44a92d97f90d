/// 处置权 — a department's power to take a kind of case (used to divert 110 calls).
public struct HandlingPower: Sendable, Hashable, Codable {
    public var departmentID: DepartmentID
    public var categoryID: String
    public init(departmentID: DepartmentID, categoryID: String) {
        self.departmentID = departmentID
        self.categoryID = categoryID
    }
}
