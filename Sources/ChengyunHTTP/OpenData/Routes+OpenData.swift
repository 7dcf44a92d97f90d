import ChengyunCore
import ChengyunServices
import Foundation
import HTTPTypes
import Hummingbird

/// 开放数据 — the catalogue and the open datasets' bulk downloads under `/open-data/` (docs/OPEN_DATA.md). Public: no
/// sign-in; counted and limited per address like every anonymous request.
extension APIRoutes {
    func addOpenDataRoutes(to router: Router<AppContext>) {
        let group = router.group("open-data")
        group.get("catalogue.json") { _, _ in
            Self.download(try JSONCoding.encoder.encode(OpenDataCatalogueView(datasets: platform.openData.openDataCatalogue())), form: .json, maxAge: 3600)
        }
        group.get("datasets/case-counts.csv") { request, _ in
            let days = try Query(request).int("days", default: OpenDataCatalogue.defaultDays, range: 1...OpenDataCatalogue.maxDays) ?? OpenDataCatalogue.defaultDays
            let counts = try await platform.openData.openCaseCounts(days: days)
            return Self.download([0xEF, 0xBB, 0xBF] + Array(Self.caseCountsCSV(counts).utf8), form: .csv, maxAge: 300,
                                 file: "case-counts-\(counts.firstDay)-\(counts.lastDay).csv")
        }
        group.get("datasets/boundaries.geojson") { _, _ in
            Self.download(GeoJSON.featureCollectionJSON(try await platform.openData.openBoundaries()), form: .geojson, maxAge: 3600)
        }
        group.get("datasets/taxonomy.json") { _, _ in
            Self.download(try JSONCoding.encoder.encode(platform.openData.openTaxonomy()), form: .json, maxAge: 3600)
        }
    }

    /// A public download: its media type, cacheable for `maxAge` seconds by browsers and proxies, readable by any site.
    static func download<Bytes: Sequence<UInt8>>(_ bytes: Bytes, form: OpenDataForm, maxAge: Int, file: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: form.mediaType, .cacheControl: "public, max-age=\(maxAge)", .accessControlAllowOrigin: "*"]
        if let file { headers[.contentDisposition] = "attachment; filename=\"\(file)\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The counts as CSV (CRLF lines; the caller adds the byte-order mark): every text cell made inert and quoted as needed.
    static func caseCountsCSV(_ counts: OpenCaseCounts) -> String {
        func text(_ s: String) -> String {
            let cell = Spreadsheet.inert(s)
            return cell.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }
        let header = ["日期 date", "区代码 districtCode", "区名称 districtName", "大类 majorClass", "大类名称 majorName", "上报 reported", "结案 closed"]
        var lines = [header.map(text).joined(separator: ",")]
        for r in counts.rows {
            lines.append(([r.day.description, r.districtCode, r.districtName, r.majorClass, r.majorName].map(text) + [String(r.reported), String(r.closed)])
                .joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

/// The catalogue as served.
struct OpenDataCatalogueView: Codable {
    var title = "城运开放数据目录"
    var titleEn = "Chengyun open-data catalogue"
    var datasets: [OpenDataset]
}
