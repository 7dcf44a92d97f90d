import ChengyunServices
import ChengyunSQLite
import ChengyunStore
import ChengyunTesting
import Foundation
import Synchronization
import Testing

/// Fresh SQLite stores, each on a file of its own in a temporary folder, with personal fields sealed as in production
/// (a data key of the test's own); the files are removed when the test ends.
final class TemporaryStores: Sendable {
    private let made = Mutex<[TemporaryDatabase]>([])
    private let cipher: AESFieldCipher

    init() throws {
        cipher = try AESFieldCipher(keys: [("test", Data((0..<32).map { _ in UInt8.random(in: 0...255) }))])
    }

    func fresh() throws -> SQLiteStore {
        let db = try TemporaryDatabase()
        made.withLock { $0.append(db) }
        return try SQLiteStore(path: db.path, cipher: cipher)
    }

    func removeAll() { made.withLock { $0.forEach { $0.remove() } } }
}

/// The store contract (ChengyunTesting's `StoreContract`) over the SQLite adapter: one test per port group.
@Suite("存储契约 store contract — SQLite")
struct SQLiteStoreContractTests {
    func contract(_ check: (StoreFactory) async throws -> Void) async throws {
        let stores = try TemporaryStores()
        defer { stores.removeAll() }
        try await check { try stores.fresh() }
    }

    @Test("组织树、部门、区域") func organisation() async throws { try await contract(StoreContract.organisation) }
    @Test("用户、会话、API 密钥") func users() async throws { try await contract(StoreContract.users) }
    @Test("分类、日历、派遣规则") func config() async throws { try await contract(StoreContract.config) }
    @Test("案件、历史、附件、查询与范围") func cases() async throws { try await contract(StoreContract.cases) }
    @Test("键集分页、全文检索、多步一次提交") func paging() async throws { try await contract(StoreContract.pagingSearchAndChains) }
    @Test("并发上报（组提交）") func concurrent() async throws { try await contract(StoreContract.concurrentIntake) }
    @Test("防重复提交") func requestKeys() async throws { try await contract(StoreContract.requestKeys) }
    @Test("个人信息读回原文") func personalData() async throws { try await contract(StoreContract.personalData) }
    @Test("账户：改资料与角色、会话、登录失败、密码、API 密钥轮换与吊销") func accounts() async throws { try await contract(StoreContract.accounts) }
    @Test("使用痕迹：追加、筛选、分页、计数") func audit() async throws { try await contract(StoreContract.audit) }
    @Test("数据共享：条款、临时扩权、用量") func sharing() async throws { try await contract(StoreContract.sharing) }
    @Test("发件箱：随变更写入、到期、失败退避、送达、统计") func outbox() async throws { try await contract(StoreContract.outbox) }
    @Test("摄像头与处置权") func facilities() async throws { try await contract(StoreContract.facilities) }
    @Test("排班与交接班") func duty() async throws { try await contract(StoreContract.duty) }
    @Test("导出申请与导出读取") func exports() async throws { try await contract(StoreContract.exports) }
    @Test("统计：指标、排名、分状态、居委视图、趋势、口径重算") func analytics() async throws { try await contract(StoreContract.analytics) }
    @Test("地图：分区计数与标记") func map() async throws { try await contract(StoreContract.map) }
    @Test("开放数据与派遣规则审查") func openData() async throws { try await contract(StoreContract.openData) }
    @Test("感知：设备、数据流、读数分日存放与汇总、告警规则与告警") func sensing() async throws { try await contract(StoreContract.sensing) }
    @Test("预警：消息、审批、逐级转发与签收计数") func warnings() async throws { try await contract(StoreContract.warnings) }
    @Test("城市体征：目录、区域读数汇总、案件量、研判") func vitalSigns() async throws { try await contract(StoreContract.vitalSigns) }
    @Test("防汛：灾情直报、告警统计、加强值守岗位") func flood() async throws { try await contract(StoreContract.flood) }
    @Test("指令：下达、逐级签收、超时升级") func instructions() async throws { try await contract(StoreContract.instructions) }
    @Test("联勤联动站：镇管社区、站点覆盖、下沉力量、案件所属站点") func stations() async throws { try await contract(StoreContract.stations) }
    @Test("盘家底：标签库、小区、楼栋与房屋、实有人口、区域计数") func baseData() async throws { try await contract(StoreContract.baseData) }
    @Test("楼组包干：楼组、楼栋归属、包干链、检查") func buildingGroups() async throws { try await contract(StoreContract.buildingGroups) }
    @Test("拉网式排摸：目标计数、结果去重、比对与更正") func sweeps() async throws { try await contract(StoreContract.sweeps) }
    @Test("准入清单：市与区的事项、表单模板、停用与恢复") func admission() async throws { try await contract(StoreContract.admission) }
    @Test("知事项：正面清单与责任清单、按类别计数的站点案件、每日任务只记一次") func matters() async throws { try await contract(StoreContract.matters) }
    @Test("三会：议题、会议取走议题、按版本写入决定与公示") func consultations() async throws { try await contract(StoreContract.consultations) }
    @Test("物业：备案、小区归属、投诉与应急维修计数、待到场维修、通知签收") func property() async throws { try await contract(StoreContract.property) }
    @Test("居委简报：分类计数、小区反复出现的问题、住人过多的房屋、超期未办") func committeeDigest() async throws { try await contract(StoreContract.committeeDigest) }
    @Test("台账：目录、按客户端键只记一次的记录、按日分页、三会走访记录与案件的计数") func ledgers() async throws { try await contract(StoreContract.ledgers) }
    @Test("扫码注册：与账号同一提交、按客户端键只注册一次、核验一次、活跃日与注册率汇总") func registrations() async throws { try await contract(StoreContract.registrations) }
    @Test("志愿者：队伍、任务与微心愿只建一次、抢单不超名额（并发也一样）、确认一次记积分、结对") func volunteers() async throws { try await contract(StoreContract.volunteers) }
    @Test("楼组通知：只发一次、受众按楼组的注册居民计、居民按楼组看到、读计一次、转发每个楼组一次") func groupNotices() async throws { try await contract(StoreContract.groupNotices) }
    @Test("房态图：规则按版本存、当天未画的居委才画、事实一次读全、重画替换不累加、区域合计各居委") func statusMaps() async throws { try await contract(StoreContract.statusMaps) }
    @Test("动线：出入口整体替换（方向、开闭、卡口顺序）、版本递增、旧版本的修改被拒") func entrances() async throws { try await contract(StoreContract.entrances) }
    @Test("重点场所与设施：代码唯一、按区域与类别分页、无人维护的设施单列、地图框、按版本修改并移动计数") func keyPlaces() async throws { try await contract(StoreContract.keyPlaces) }
    @Test("指引图：市与区各存一份、按节点与种类读出、新版本整体替换、旧版本的修改被拒") func wallGuides() async throws { try await contract(StoreContract.wallGuides) }
    @Test("一网通办：按键只建一次、编号、按版本流转与计数、评价与整改、受理中心与逾期差评") func serviceRequests() async throws { try await contract(StoreContract.serviceRequests) }
    @Test("材料：随申请或台账存取、按对象一次读出、同内容只存一份、每件有上限、与案件附件同一限额") func documents() async throws { try await contract(StoreContract.documents) }
    @Test("吹哨人：举报人原样读回或没有、按回执哈希找到、同一客户端键是同一件（换新回执）、按分派路径分页、按版本保存、留言有上限、指定受理人") func whistleblowing() async throws { try await contract(StoreContract.whistleblowing) }
    @Test("隐患：排查与隐患一次存入（按键只一次）、按区域分页、逾期按期限、按版本流转、汇总到市至居委各级与类别、按引用只建一次") func hazards() async throws { try await contract(StoreContract.hazards) }

    @Test("契约的每一项在这里都有测试")
    func everyCheckIsRun() {
        let run = ["organisation", "users", "config", "cases", "paging, search and chains", "concurrent intake", "request keys", "personal data", "accounts", "audit",
                   "sharing", "outbox", "facilities", "duty", "exports", "analytics", "map", "open data", "sensing", "warnings", "vital signs", "flood", "instructions", "stations", "base data", "building groups", "sweeps", "admission", "matters", "consultations", "property", "committee digest", "ledgers", "registrations", "volunteers", "group notices", "status maps", "entrances", "key places", "wall guides", "service requests", "documents", "whistleblowing", "hazards"]
        #expect(StoreContract.checks.map(\.name) == run, "a new check of the contract needs its own test above")
    }
}
