import ChengyunCore

/// 演示城市 — the error codes of the demo and bulk city generators (`chengyun demo`, the benchmarks' bulk city), each
/// with its message. The codes are stable like every other.
enum DemoError {
    /// 404 `demo.no_city` — a replay needs the demo city (its first district and street, its accounts).
    static let noCity = DomainError.notFound("demo.no_city", "There is no demo city here to replay on; run chengyun demo first.")
    /// 409 `demo.not_empty` — `what` (`demo`, `bulk city`) is built only into an empty database.
    static func notEmpty(for what: String) -> DomainError {
        .conflict("demo.not_empty", "The database already holds a city; use a new database file for the \(what).")
    }
    /// 404 `demo.missing_resource` — `name`.json is not in the build.
    static func missingResource(_ name: String) -> DomainError {
        .notFound("demo.missing_resource", "The resource \(name).json is missing from the build.")
    }
    /// 409 `demo.photo_ids` — `what` (`demo`, `bulk city`) numbers its photos from 1 in an empty attachment table;
    /// attachment `expected` got the id `stored`.
    static func photoIDs(for what: String, expected: Int64, stored: AttachmentID) -> DomainError {
        .conflict("demo.photo_ids", "The \(what) expects an empty attachment table; attachment \(expected) got id \(stored).")
    }

    /// 400 `demo.password_cost` — bcrypt takes costs 4 to 31.
    static let passwordCost = DomainError.invalid(
        "demo.password_cost", "The password cost is bcrypt's: 4 to 31.", field: "passwordCost")

    // demo.invalid_sizes: sizes the generators cannot build.

    /// 400 `demo.invalid_sizes` — the levels of the tree do not nest.
    static let sizesDoNotNest = DomainError.invalid(
        "demo.invalid_sizes", "Sizes must nest: 1 ≤ districts ≤ streets ≤ committees ≤ grids.", field: "grids")
    /// 400 `demo.invalid_sizes` — the demo's other sizes.
    static let demoSizes = DomainError.invalid(
        "demo.invalid_sizes", "Use at least one department and one day, no negative case count, at most 500,000 grids.", field: "departments")
    /// 400 `demo.invalid_sizes` — the bulk city's plan.
    static let bulkSizes = DomainError.invalid(
        "demo.invalid_sizes", "Use no negative case count, at least one day, one case per batch and one worker.", field: "cases")
    /// 400 `demo.invalid_sizes` — a street's grids cannot hold its committees.
    static let tooManyCommittees = DomainError.invalid(
        "demo.invalid_sizes", "Too many committees for the grids of a street; use more grids or fewer committees.", field: "committees")
    /// 400 `demo.invalid_sizes` — a district's grids cannot hold its streets.
    static let tooManyStreets = DomainError.invalid(
        "demo.invalid_sizes", "Too many streets for the grids of a district; use more grids or fewer streets.", field: "streets")
    /// 400 `demo.invalid_sizes` — the demo lays its city over Shanghai's `count` real districts, no more.
    static func tooManyDistricts(_ count: Int) -> DomainError {
        .invalid("demo.invalid_sizes", "The demo city lies over Shanghai's \(count) districts; use at most \(count).", field: "districts")
    }
    /// 400 `demo.invalid_sizes` — the lattice of `columns` × `rows` cells has too few `what` for the city's shape.
    static func latticeTooSmall(columns: Int, rows: Int, _ what: String) -> DomainError {
        .invalid("demo.invalid_sizes", "The lattice of \(columns)×\(rows) cells has too few \(what) for this shape; use a grid count with factors closer to a 5:4 rectangle.", field: "grids")
    }
}
