import ChengyunCore
import ChengyunStore
import Foundation

/// 一网通办 in the demo (with the scans of their materials): in each committee, a registered resident (`jm.<code>.1`) asked online for the elderly
/// allowance and for the committee to handle it (待受理); a resident living alone had a senior card handled on their
/// behalf after a phone call (代办, 已办结) and rated it 非常满意; a pension check forwarded last month is past its promised
/// day (逾期); and `jm.<code>.1`'s flexible-employment registration, done three weeks ago, was rated 不满意 and waits for
/// the station's answer (差评待整改); in every other committee, an unemployment registration done six weeks ago was rated
/// 很不满意 and left unanswered past its day, so it is raised to the street's centre (差评逾期未整改).
enum DemoServiceRequests {
    static func build(tree: DemoTree, store: any ChengyunStore, now: Date) async throws -> Int {
        let today = Int(((now.timeIntervalSince1970 + 8 * 3600) / 86_400).rounded(.down))
        var made = 0
        for (index, committee) in tree.committees.enumerated() {
            let workerUser = try await store.credentials(username: "cw.\(committee.code)")?.user
            let worker = workerUser?.displayName ?? "社工"
            /// Files a request `daysAgo` days ago and takes it through `steps` (one a day).
            func file(_ key: String, item code: String, resident: Resident, daysAgo: Int, onBehalf: ServiceRequest.Authorisation?, applicant: User?, detail: String,
                      steps: [(ServiceRequest.Action, String)], rating: (score: Int, comment: String, answerDays: Int)? = nil, documents: [String] = []) async throws {
                guard let item = ServiceItem.item(code) else { return }
                let filedAt = now - Double(daysAgo) * 86_400
                let day = LocalDate(daysSince1970: today - daysAgo)
                let (request, created) = try await store.fileServiceRequest(ServiceRequest(
                    id: ServiceRequestID(0), number: ServiceRequest.numberPrefix(day: day), itemCode: code, residentID: resident.id, nodeID: committee.id, nodePath: committee.path,
                    filedAtID: committee.id, filedAtPath: committee.path, applicantUserID: applicant?.id, onBehalf: onBehalf != nil, authorisation: onBehalf, detail: detail,
                    state: applicant == nil ? .accepted : .submitted, dueOn: LocalDate(daysSince1970: day.daysSince1970 + (item.promisedDays * 7 + 4) / 5),
                    filedAt: filedAt, filedBy: applicant?.displayName ?? worker, clientKey: "demo-\(key)"),
                    step: ServiceRequestStep(requestID: ServiceRequestID(0), seq: 1, action: .file, by: applicant?.displayName ?? worker, at: filedAt,
                                             note: applicant != nil ? "居民线上申请" : onBehalf != nil ? "窗口受理（代办）" : "窗口受理"))
                guard created else { return }
                made += 1
                // 申请材料: the scans filed with it when it was filed (a placeholder photo, the same content stored once).
                let filer = applicant ?? workerUser
                for (i, name) in documents.enumerated() {
                    _ = try await store.saveDocument(Document(id: DocumentID(0), subject: .serviceRequest, subjectID: request.id.rawValue, contentType: "image/png",
                                                              byteCount: 0, fileName: name, uploadedBy: filer?.id, uploadedByName: filer?.displayName ?? worker,
                                                              uploadedAt: filedAt + Double(i + 1) * 60),
                                                     bytes: DemoPhoto.png, quota: nil)
                }
                var current = request
                for (i, (action, note)) in steps.enumerated() {
                    guard let next = action.next(from: current.state) else { break }
                    let at = filedAt + Double(i + 1) * 86_400
                    var moved = current
                    moved.state = next
                    if next == .done || next == .returned { (moved.closedAt, moved.outcome) = (at, note) }
                    guard let stored = try await store.moveServiceRequest(current.id, version: current.version, to: moved,
                                                                          step: ServiceRequestStep(requestID: current.id, seq: 0, action: action, by: worker, at: at, note: note)) else { break }
                    current = stored
                }
                if let rating, !current.state.isOpen {
                    let at = (current.closedAt ?? filedAt) + 3_600
                    let bad = rating.score <= ServiceRequest.Rating.badAtMost
                    var rated = current
                    rated.rating = ServiceRequest.Rating(score: rating.score, comment: rating.comment, at: at,
                                                         rectifyBy: bad ? LocalDate(daysSince1970: today + rating.answerDays) : nil)
                    _ = try await store.moveServiceRequest(current.id, version: current.version, to: rated,
                                                           step: ServiceRequestStep(requestID: current.id, seq: 0, action: .rate, by: applicant?.displayName ?? "居民", at: at,
                                                                                    note: rating.comment))
                }
            }
            if let user = try await store.credentials(username: "jm.\(committee.code).1")?.user, let registration = try await store.registration(user: user.id),
               registration.status == .verified, let id = registration.residentID, let resident = try await store.resident(id) {
                try await file("allowance", item: "elderlyAllowance", resident: resident, daysAgo: 1, onBehalf: .online, applicant: user, detail: "腿脚不便，请居委代办", steps: [],
                               documents: ["身份证正面.png", "社会保障卡.png"])
                try await file("flexible", item: "flexibleEmployment", resident: resident, daysAgo: 21, onBehalf: nil, applicant: user, detail: "",
                               steps: [(.accept, ""), (.complete, "已登记")], rating: (2, "材料清单前后说了两次才讲清楚，多跑了一趟", 5))
            }
            if let elder = try await store.residents(under: committee.path, kind: nil, tag: "elderlyAlone", after: nil, limit: 1).first {
                try await file("senior-card", item: "seniorCard", resident: elder, daysAgo: 12, onBehalf: .phone, applicant: nil, detail: "独居老人，电话委托社工代办",
                               steps: [(.forward, "已转街道社区事务受理服务中心"), (.complete, "敬老卡已制发，社工送卡上门")], rating: (5, "社工送卡上门，很贴心", 0),
                               documents: ["身份证.png", "近期照片.png"])
            }
            let registered = try await store.residents(under: committee.path, kind: .registered, tag: nil, after: nil, limit: 3)
            if let someone = registered.last {
                try await file("pension", item: "pensionCertification", resident: someone, daysAgo: 30, onBehalf: nil, applicant: nil, detail: "",
                               steps: [(.forward, "已转区人社局")])
            }
            if index % 2 == 1, registered.count > 1 {
                try await file("unemployment", item: "unemploymentRegistration", resident: registered[0], daysAgo: 42, onBehalf: nil, applicant: nil, detail: "",
                               steps: [(.complete, "已登记")], rating: (1, "说好办完上门回访，一个多月了没人来", -10))
            }
        }
        return made
    }
}
