import Foundation

extension WallGuide {
    /// The shipped standard of each guide (version 0), in force until the city sets its own: drawn from seed 002's
    /// account of 浦东's templates (居家隔离 with 主办、代办、邻办、帮办 services; 碧云国际社区's entrance model for
    /// compounds where foreigners live).
    public static func standard(_ kind: WallGuideKind) -> WallGuide {
        switch kind {
        case .homeIsolation:
            return WallGuide(kind: kind, title: "居家隔离索引图", steps: [
                WallGuideStep(title: "确认与告知", content: "接到需居家隔离人员名单后，核对住址与同住人员，电话告知隔离期限、要求和联系人。",
                              responsible: "居委会、社区卫生服务中心", requirements: "名单到后 2 小时内联系到本人", protection: "电话或视频联系，不当面",
                              notes: "同住人员一并登记；联系不上的报街道和派出所"),
                WallGuideStep(title: "上门签约", content: "送达居家隔离告知书并签字，张贴告示，发放体温计、口罩和消毒用品。",
                              responsible: "居委会、社区民警、家庭医生（三人小组）", requirements: "当天完成，告知书一户一份存档", protection: "医用外科口罩、手套，保持一米以上",
                              notes: "签字可拍照留存，不进入室内"),
                WallGuideStep(title: "安装门磁", content: "在房门安装智能门磁，接入平台，异常开门即时提醒。", responsible: "派出所、物业",
                              requirements: "签约后 24 小时内装好并测试", protection: "医用外科口罩、手套", notes: "告知本人门磁用途，避免误报"),
                WallGuideStep(title: "健康监测", content: "每天早晚两次询问体温和症状，记录上报；出现发热等症状立即报告。", responsible: "家庭医生、居委会",
                              requirements: "每天 9 时、15 时前各一次", protection: "电话或视频，不入户", notes: "连续两次联系不上即上门查看"),
                WallGuideStep(title: "生活保障", content: "提供送快递、收垃圾、代买菜、配药等服务（主办、代办、邻办、帮办）。", responsible: "居委会、楼组长、志愿者",
                              requirements: "物品放门口，无接触交接", protection: "医用外科口罩、手套，交接后手消毒", notes: "特殊困难家庭结对帮扶"),
                WallGuideStep(title: "垃圾处理", content: "每天上门收取生活垃圾，按专用流程消毒、密封、转运。", responsible: "物业、环卫",
                              requirements: "每天一次，专袋专运", protection: "医用外科口罩、手套、隔离衣", notes: "不与其他垃圾混放"),
                WallGuideStep(title: "心理关怀", content: "建立联络微信群，定期问候，需要时转介心理热线或专业社工。", responsible: "社工、志愿者",
                              requirements: "每天至少一次问候", notes: "关注独居老人和儿童"),
                WallGuideStep(title: "解除隔离", content: "期满经医学评估后解除，撤除门磁和告示，出具解除告知。", responsible: "社区卫生服务中心、居委会",
                              requirements: "当天办结并更新台账", protection: "医用外科口罩", notes: "解除后做好一次回访"),
            ])
        case .foreignResidents:
            return WallGuide(kind: kind, title: "涉外服务指引图", steps: [
                WallGuideStep(title: "设立登记处与指示牌", content: "在小区主要出入口设立多语种登记处，张贴中外文指示牌。", responsible: "居委会、物业",
                              requirements: "每个开放出入口都有指示牌", notes: "字体醒目，夜间有照明",
                              signs: [GuideSign(lang: "en", text: "Registration desk for residents and visitors"), GuideSign(lang: "ja", text: "住民・来訪者登録受付"),
                                      GuideSign(lang: "ko", text: "주민·방문자 등록처"), GuideSign(lang: "fr", text: "Bureau d'enregistrement des résidents et visiteurs")]),
                WallGuideStep(title: "登记内容与方式", content: "登记姓名、国籍、证件、住址、联系方式和近期行程；可扫码填写多语种表单，也可由志愿者协助。",
                              responsible: "居委会、涉外志愿者", requirements: "只收集必要信息，当天录入", protection: "医用外科口罩", notes: "证件信息按个人信息保护要求保管",
                              signs: [GuideSign(lang: "en", text: "Please scan the code to register, or ask a volunteer for help"),
                                      GuideSign(lang: "ja", text: "コードを読み取って登録してください。ボランティアもお手伝いします"),
                                      GuideSign(lang: "ko", text: "코드를 스캔하여 등록하시거나 자원봉사자에게 도움을 요청하세요"),
                                      GuideSign(lang: "fr", text: "Scannez le code pour vous inscrire, ou demandez l'aide d'un bénévole")]),
                WallGuideStep(title: "重点人员事项告知", content: "对需健康观察或居家隔离的外籍人员，用其母语书面告知要求、期限和联系人。", responsible: "居委会、派出所、社区卫生服务中心",
                              requirements: "告知书中外文对照，本人签收", notes: "必要时请翻译或领事渠道协助",
                              signs: [GuideSign(lang: "en", text: "Health observation: please stay at home and call the committee if you feel unwell"),
                                      GuideSign(lang: "ja", text: "健康観察中は外出を控え、体調不良時は居民委員会へご連絡ください")]),
                WallGuideStep(title: "居民健康提示", content: "在公告栏和群内发布中外文防疫健康提示，及时更新。", responsible: "居委会、物业",
                              requirements: "政策变化当天更新", notes: "与中文版本同时发布",
                              signs: [GuideSign(lang: "en", text: "Wear a mask, wash your hands, keep your distance"), GuideSign(lang: "ko", text: "마스크 착용, 손 씻기, 거리 두기")]),
                WallGuideStep(title: "联络与关怀", content: "建立中外居民联络群，发放暖心包，提供心理关怀和生活服务。", responsible: "居委会、社工、涉外志愿者",
                              requirements: "每个外籍家庭至少一名联络人", notes: "尊重宗教和饮食习惯"),
            ])
        }
    }
}
