public import Foundation

/// Which wall guide (挂图作战's procedure maps, seed 002).
public enum WallGuideKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// 居家隔离索引图 — "详细列出居家隔离各步骤操作内容、责任部门、工作要求、防护标准、注意事项等，让首次操作人员也一看就会".
    case homeIsolation
    /// 涉外服务指引图 — "明确涉外小区设立多国语言登记处指示牌、登记内容方式、重点人员事项告知、居民防疫健康提示等管理规范".
    case foreignResidents
}

/// A sign of a step in another language (多国语言指示牌): a BCP 47 language tag (`en`, `ja`, `ko`, `fr` …) and its text.
public struct GuideSign: Sendable, Hashable, Codable {
    public var lang: String
    public var text: String
    public init(lang: String, text: String) {
        self.lang = lang
        self.text = text
    }
}

/// A step of a wall guide: what is done, who answers for it, what is required, the protection, what to watch — so that
/// someone doing it for the first time can follow it; signs in other languages where foreigners read it.
public struct WallGuideStep: Sendable, Hashable, Codable {
    public var title: String
    public var content: String
    public var responsible: String?
    public var requirements: String?
    public var protection: String?
    public var notes: String?
    public var signs: [GuideSign]

    public init(title: String, content: String, responsible: String? = nil, requirements: String? = nil, protection: String? = nil, notes: String? = nil,
                signs: [GuideSign] = []) {
        self.title = title
        self.content = content
        self.responsible = responsible
        self.requirements = requirements
        self.protection = protection
        self.notes = notes
        self.signs = signs
    }

    enum CodingKeys: String, CodingKey { case title, content, responsible, requirements, protection, notes, signs }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(title: try c.decode(String.self, forKey: .title), content: try c.decode(String.self, forKey: .content),
                  responsible: try c.decodeIfPresent(String.self, forKey: .responsible), requirements: try c.decodeIfPresent(String.self, forKey: .requirements),
                  protection: try c.decodeIfPresent(String.self, forKey: .protection), notes: try c.decodeIfPresent(String.self, forKey: .notes),
                  signs: try c.decodeIfPresent([GuideSign].self, forKey: .signs) ?? [])
    }
}

/// 指引图 — a procedure wall guide set for the city (the standard template) or a district (its own, in force under it),
/// printed by committees as a wall map. Version 0 is the shipped standard, in force until the city sets its own.
public struct WallGuide: Sendable, Hashable, Codable {
    public var kind: WallGuideKind
    /// Where it was set (the city or a district); nil for the shipped standard.
    public var nodeID: NodeID?
    public var nodePath: String?
    public var title: String
    public var version: Int
    public var steps: [WallGuideStep]
    public var setBy: String?
    public var setAt: Date?

    public init(kind: WallGuideKind, nodeID: NodeID? = nil, nodePath: String? = nil, title: String, version: Int = 0, steps: [WallGuideStep], setBy: String? = nil, setAt: Date? = nil) {
        self.kind = kind
        self.nodeID = nodeID
        self.nodePath = nodePath
        self.title = title
        self.version = version
        self.steps = steps
        self.setBy = setBy
        self.setAt = setAt
    }

    /// Checks a guide as an administrator sends it and returns it tidied (texts trimmed, empty optional texts dropped):
    /// a title of 1–50 characters, 1–30 steps, each with a title (1–50) and content (1–500), other texts ≤ 200, at most
    /// 8 signs a step in distinct languages, each a language tag and 1–200 characters.
    public static func checked(title: String, steps: [WallGuideStep]) throws(DomainError) -> (title: String, steps: [WallGuideStep]) {
        func trimmed(_ s: String?) -> String? { s.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 } }
        guard let title = trimmed(title), title.count <= 50 else { throw WallGuideError.text(field: "title", max: 50) }
        guard (1...30).contains(steps.count) else { throw WallGuideError.steps }
        var out: [WallGuideStep] = []
        for (i, s) in steps.enumerated() {
            let field = "steps[\(i)]"
            guard let stepTitle = trimmed(s.title), stepTitle.count <= 50 else { throw WallGuideError.text(field: "\(field).title", max: 50) }
            guard let content = trimmed(s.content), content.count <= 500 else { throw WallGuideError.text(field: "\(field).content", max: 500) }
            var step = WallGuideStep(title: stepTitle, content: content, responsible: trimmed(s.responsible), requirements: trimmed(s.requirements),
                                     protection: trimmed(s.protection), notes: trimmed(s.notes))
            for (name, value) in [("responsible", step.responsible), ("requirements", step.requirements), ("protection", step.protection), ("notes", step.notes)]
            where (value?.count ?? 0) > 200 {
                throw WallGuideError.text(field: "\(field).\(name)", max: 200)
            }
            guard s.signs.count <= 8 else { throw WallGuideError.signs(field: "\(field).signs") }
            var langs = Set<String>()
            for (j, sign) in s.signs.enumerated() {
                let lang = sign.lang.trimmingCharacters(in: .whitespaces)
                guard lang.range(of: #"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"#, options: .regularExpression) != nil, langs.insert(lang).inserted else {
                    throw WallGuideError.signs(field: "\(field).signs[\(j)].lang")
                }
                guard let text = trimmed(sign.text), text.count <= 200 else { throw WallGuideError.text(field: "\(field).signs[\(j)].text", max: 200) }
                step.signs.append(GuideSign(lang: lang, text: text))
            }
            out.append(step)
        }
        return (title, out)
    }
}

/// The error codes of wall guides.
public enum WallGuideError {
    /// 400 `wall_guide.text` — a text missing or too long.
    public static func text(field: String, max: Int) -> DomainError {
        .invalid("wall_guide.text", "Give this text, at most \(max) characters.", field: field)
    }
    /// 400 `wall_guide.steps`
    public static let steps = DomainError.invalid("wall_guide.steps", "A guide has 1 to 30 steps.", field: "steps")
    /// 400 `wall_guide.signs` — at most 8 signs a step, each in another language (a tag such as en, ja, ko, fr).
    public static func signs(field: String) -> DomainError {
        .invalid("wall_guide.signs", "At most 8 signs a step, each in its own language given as a tag such as en, ja, ko or fr.", field: field)
    }
    /// 403 `wall_guide.level` — a guide is set for the city or a district, by its administrators.
    public static let level = DomainError.forbidden("wall_guide.level", "A wall guide is set for the city or a district, by its administrators.", field: "nodeId")
    /// 409 `wall_guide.changed`
    public static let changed = DomainError.conflict("wall_guide.changed", "Someone changed this guide meanwhile; reload it and make the change again.", field: "version")
    /// 404 `wall_guide.not_set` — there is no guide of the city's or district's own to withdraw.
    public static let notSet = DomainError.notFound("wall_guide.not_set", "This area has no guide of its own to withdraw; the one above it is in force.", field: "nodeId")
    /// 400 `wall_guide.version_required` — a withdrawal names the version read.
    public static let versionRequired = DomainError.invalid("wall_guide.version_required", "Say which version you withdraw (the version read).", field: "version")
}
