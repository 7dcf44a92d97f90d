import ChengyunCore
import ChengyunStore
import Foundation

/// The demo city's handling-power table (处置权) and cameras for video review.
enum DemoFacilities {
    /// Every department of an event's lead kind may take diverted 110 calls of that event, except the police itself.
    static func handlingPowers(taxonomy: Taxonomy, departments: [Department], store: any ChengyunStore) async throws -> Int {
        let byKind = Dictionary(grouping: departments.filter { $0.kind != "gongan" }, by: \.kind)
        var powers: [HandlingPower] = []
        for category in taxonomy.categories where category.kind == .event {
            for d in byKind[category.leadDepartmentKind] ?? [] { powers.append(HandlingPower(departmentID: d.id, categoryID: category.id)) }
        }
        try await store.saveHandlingPowers(powers)
        return powers.count
    }

    /// One camera inside the first grid of each committee, named after the committee.
    static func cameras(tree: DemoTree, store: any ChengyunStore) async throws -> [Camera] {
        var first: [Int: Int] = [:]
        for (g, c) in tree.gridCommittee.enumerated() where first[c] == nil { first[c] = g }
        var made: [Camera] = []
        for (c, committee) in tree.committees.enumerated() {
            guard let g = first[c] else { continue }
            var rng = SeededRandom(seed: UInt64(g))
            let centre = tree.point(inGrid: g, using: &rng)
            made.append(try await store.createCamera(CameraDraft(code: "CAM-\(committee.code)", name: "\(committee.name)路口监控", location: centre), nodeID: tree.grids[g].id))
        }
        return made
    }
}

/// A small placeholder photo for the demo's histories: a 16×16 grey PNG, made here rather than shipped.
enum DemoPhoto {
    static let png: Data = {
        let width = 16, height = 16
        var raw: [UInt8] = []
        for _ in 0..<height { raw.append(0); raw += [UInt8](repeating: 0x9E, count: width * 3) }
        func crc32(_ bytes: [UInt8]) -> UInt32 {
            var c: UInt32 = 0xFFFF_FFFF
            for b in bytes {
                c ^= UInt32(b)
                for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            }
            return ~c
        }
        func adler32(_ bytes: [UInt8]) -> UInt32 {
            var a: UInt32 = 1, b: UInt32 = 0
            for x in bytes { a = (a + UInt32(x)) % 65_521; b = (b + a) % 65_521 }
            return (b << 16) | a
        }
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let typed = Array(type.utf8) + body
            return be(UInt32(body.count)) + typed + be(crc32(typed))
        }
        // zlib stream with one stored (uncompressed) block.
        let len = UInt16(raw.count)
        let zlib: [UInt8] = [0x78, 0x01, 0x01, UInt8(len & 0xFF), UInt8(len >> 8), UInt8(~len & 0xFF), UInt8(~len >> 8)] + raw + be(adler32(raw))
        let header: [UInt8] = be(UInt32(width)) + be(UInt32(height)) + [8, 2, 0, 0, 0]
        return Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", zlib) + chunk("IEND", []))
    }()
}
