import ChengyunCore
public import ChengyunStore
import Foundation
import Testing

extension StoreContract {
    /// 城市体征: the catalogue kept whole with every typed column and replaced whole; readings moved into their day
    /// tables counted into the hourly area rollups of every node down to the committee (not the grid), once however
    /// often they are sent; case volumes per bucket, channel and category under a path; notes per area and day.
    public static func vitalSigns(_ fresh: @Sendable () async throws -> any OrganisationStore & SensingStore & VitalSignStore & CaseStore) async throws {
        let store = try await fresh()
        let t = try await tree(store)
        #expect(try await store.vitalSignCatalogue() == nil)
        let catalogue = VitalSignCatalogue(version: 3, note: "测试目录", signs: [
            VitalSign(code: "EN01", dimension: .environment, name: "降雨", nameEn: "Rainfall", unit: "mm/h", windowHours: 1,
                      formula: .readings("rainfall", .max), levels: VitalSignLevels(blue: 15, yellow: 30, orange: 50, red: 100), normalLow: 0, normalHigh: 5),
            VitalSign(code: "EN01.01", parent: "EN01", dimension: .environment, name: "平均雨强", nameEn: "Mean", unit: "mm/h", windowHours: 24,
                      formula: .readings("rainfall", .mean)),
            VitalSign(code: "DY01", dimension: .dynamics, name: "12345热线", nameEn: "Hotline", unit: "件",
                      formula: .cases(.reported, source: .hotline, category: "event:0405"),
                      levels: VitalSignLevels(mode: .relative, direction: .above, blue: 30, yellow: 60, orange: 100, red: 200)),
            VitalSign(code: "DY02", dimension: .dynamics, name: "红色告警", nameEn: "Red alarms", formula: .alarms(minLevel: .red),
                      levels: VitalSignLevels(direction: .below, blue: -1)),
            VitalSign(code: "TR01", dimension: .traffic, name: "道路拥堵", nameEn: "Congestion"),
        ])
        try await store.replaceVitalSignCatalogue(catalogue)
        #expect(try await store.vitalSignCatalogue() == catalogue)
        let smaller = VitalSignCatalogue(version: 4, note: "", signs: [catalogue.signs[4]])
        try await store.replaceVitalSignCatalogue(smaller)
        #expect(try await store.vitalSignCatalogue() == smaller, "replaced whole")

        // Readings: a gauge in the grid, one in the other street's grid.
        let sensor = try await store.createSensor(SensorModel(id: SensorID(0), name: "雨量计", description: "", encodingType: "application/pdf", metadata: ""))
        let rain = try await store.createObservedProperty(ObservedProperty(id: ObservedPropertyID(0), code: "rainfall", name: "雨量", definition: "", description: ""))
        var streams: [Datastream] = []
        for (i, grid) in [t.grid, t.otherGrid].enumerated() {
            let device = try await store.createDevice(DeviceDraft(code: "RG-\(i)", name: "雨量计\(i)", kind: .rainfall, location: nil, owner: "气象局"),
                                                      nodeID: grid.id, nodePath: grid.path)
            streams.append(try await store.createDatastream(Datastream(id: DatastreamID(0), deviceID: device.id, name: "雨量", sensorID: sensor.id, propertyID: rain.id,
                                                                       property: "rainfall", unitName: "mm/h", unitSymbol: "mm/h", kind: .rainfall, nodePath: grid.path)))
        }
        let h: Int64 = 3_600_000
        let base = Int64(1_780_000_000_000) / h * h
        let readings = [
            Observation(datastreamID: streams[0].id, time: base + 60_000, result: 4),
            Observation(datastreamID: streams[0].id, time: base + 120_000, result: 10),
            Observation(datastreamID: streams[1].id, time: base + 60_000, result: 30),
            Observation(datastreamID: streams[0].id, time: base + h + 60_000, result: 2),
        ]
        _ = try await store.appendObservations(readings)
        _ = try await store.compactReadings(before: base + 2 * h)
        _ = try await store.appendObservations(readings)
        _ = try await store.compactReadings(before: base + 2 * h)
        let committee = try await store.areaReadings(node: t.committee.id, property: "rainfall", from: base, to: base + 2 * h)
        #expect(committee == [AreaReadingHour(start: base, count: 2, sum: 14, min: 4, max: 10), AreaReadingHour(start: base + h, count: 1, sum: 2, min: 2, max: 2)],
                "sent twice, counted once")
        #expect(try await store.areaReadings(node: t.district.id, property: "rainfall", from: base, to: base + h)
            == [AreaReadingHour(start: base, count: 3, sum: 44, min: 4, max: 30)])
        #expect(try await store.areaReadings(node: t.city.id, property: "rainfall", from: base + h, to: base + 2 * h).map(\.count) == [1])
        #expect(try await store.areaReadings(node: t.grid.id, property: "rainfall", from: base, to: base + 2 * h).isEmpty, "no area rollup below the committee")
        #expect(try await store.areaReadings(node: t.committee.id, property: "waterLevel", from: base, to: base + 2 * h).isEmpty)

        // Case volumes.
        let day = Date(timeIntervalSince1970: Double(base) / 1000)
        var hotline = newCase(t.grid, at: day.addingTimeInterval(600), category: "event:0405")
        hotline.source = .hotline
        _ = try await store.createCase(hotline, events: [], outbox: [])
        _ = try await store.createCase(newCase(t.grid, at: day.addingTimeInterval(700)), events: [], outbox: [])
        _ = try await store.createCase(newCase(t.grid, at: day.addingTimeInterval(3_700)), events: [], outbox: [])
        _ = try await store.createCase(newCase(t.otherGrid, at: day.addingTimeInterval(800)), events: [], outbox: [])
        _ = try await store.createCase(newCase(t.grid, at: day.addingTimeInterval(-10)), events: [], outbox: [])
        let volumes = Set(try await store.caseVolumes(under: t.street.path, from: day, bucketSeconds: 3_600, buckets: 2))
        #expect(volumes == [CaseVolume(source: .hotline, categoryID: "event:0405", bucket: 0, count: 1), CaseVolume(source: .inspector, categoryID: "event:0110", bucket: 0, count: 1),
                            CaseVolume(source: .inspector, categoryID: "event:0110", bucket: 1, count: 1)])
        #expect(try await store.caseVolumes(under: t.district.path, from: day, bucketSeconds: 7_200, buckets: 1).map(\.count).reduce(0, +) == 4)

        // Notes.
        let at = Date(timeIntervalSince1970: 1_780_000_000)
        try await store.putVitalSignNote(VitalSignNote(nodeID: t.street.id, day: "2026-05-28", text: "积水点两处，已处置", author: "duty", authorName: "值班长", writtenAt: at))
        try await store.putVitalSignNote(VitalSignNote(nodeID: t.street.id, day: "2026-05-29", text: "平稳", author: "duty", authorName: "值班长", writtenAt: at))
        try await store.putVitalSignNote(VitalSignNote(nodeID: t.street.id, day: "2026-05-29", text: "平稳，潮位偏高", author: "leader", authorName: "领导", writtenAt: at))
        let notes = try await store.vitalSignNotes(node: t.street.id, from: "2026-05-01", to: "2026-05-31")
        #expect(notes.map(\.text) == ["平稳，潮位偏高", "积水点两处，已处置"] && notes[0].author == "leader" && notes[0].writtenAt == at)
        #expect(try await store.vitalSignNotes(node: t.street.id, from: "2026-05-29", to: "2026-05-29").count == 1)
        #expect(try await store.vitalSignNotes(node: t.committee.id, from: "2026-05-01", to: "2026-05-31").isEmpty)
    }
}
