import ChengyunCore
import ChengyunServices
import Foundation
import FoundationXML

/// OASIS CAP 1.2 — a warning as a CAP alert (elements in the schema's order; times with their offset, as the schema
/// requires), a CAP alert read back into a warning, and the Atom index feed of the published ones.
enum CAPDocument {
    static let namespace = "urn:oasis:names:tc:emergency:cap:1.2"

    static func xml(_ w: Warning, nodeCodes: [String]) -> String {
        func el(_ name: String, _ value: String?) -> String {
            guard let value, !value.isEmpty else { return "" }
            return "<\(name)>\(XMLText.escaped(value))</\(name)>"
        }
        func pair(_ name: String, _ key: String, _ value: String?) -> String {
            guard let value, !value.isEmpty else { return "" }
            return "<\(name)><valueName>\(key)</valueName><value>\(XMLText.escaped(value))</value></\(name)>"
        }
        var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        out += #"<alert xmlns="\#(namespace)">"#
        out += el("identifier", w.identifier) + el("sender", w.sender) + el("sent", CAPTime.format(w.sentAt))
        out += el("status", w.status.rawValue) + el("msgType", w.msgType.rawValue) + el("scope", "Public")
        out += el("references", w.references.joined(separator: " "))
        out += "<info>"
        out += el("language", "zh-CN") + el("category", w.hazard.capCategory) + el("event", w.event)
        out += el("urgency", w.urgency.rawValue) + el("severity", w.severity) + el("certainty", w.certainty.rawValue)
        out += pair("eventCode", "chengyun:hazard", w.hazard.rawValue)
        out += el("effective", w.effective.map { CAPTime.format($0) }) + el("onset", w.onset.map { CAPTime.format($0) })
        out += el("expires", w.expires.map { CAPTime.format($0) })
        out += el("senderName", w.origin == .issued ? "城运中心" : w.issuedBy)
        out += el("headline", w.headline) + el("description", w.description) + el("instruction", w.instruction)
        out += pair("parameter", "chengyun:level", w.level.rawValue) + pair("parameter", "chengyun:step", w.step?.rawValue)
        out += "<area>" + el("areaDesc", w.areaDescription.isEmpty ? "全市" : w.areaDescription)
        out += nodeCodes.map { pair("geocode", "chengyun:node", $0) }.joined()
        out += "</area></info></alert>\n"
        return out
    }

    /// The Atom feed of published warnings, each linking its CAP document.
    static func atom(_ warnings: [Warning], base: String) -> String {
        func el(_ name: String, _ value: String) -> String { "<\(name)>\(XMLText.escaped(value))</\(name)>" }
        func utc(_ d: Date) -> String { SensorThingsTime.format(Int64(d.timeIntervalSince1970.rounded(.down)) * 1000) }
        var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n" + #"<feed xmlns="http://www.w3.org/2005/Atom">"#
        out += el("id", "urn:chengyun:warnings") + el("title", "城运预警 Chengyun warnings")
        out += el("updated", utc(warnings.first?.publishedAt ?? warnings.first?.sentAt ?? Date(timeIntervalSince1970: 0)))
        out += #"<link rel="self" href="\#(XMLText.escaped(base))/cap/warnings.atom"/>"#
        out += "<author><name>城运中心</name></author>"
        for w in warnings {
            out += "<entry>" + el("id", "urn:chengyun:warning:\(w.sender):\(w.identifier)") + el("title", w.headline)
            out += el("updated", utc(w.publishedAt ?? w.sentAt))
            out += #"<link rel="alternate" type="application/cap+xml" href="\#(XMLText.escaped(base))/cap/warnings/\#(w.id.rawValue).xml"/>"#
            out += el("summary", "\(w.event)（\(w.msgType.rawValue)）：\(w.areaDescription)")
            out += "</entry>"
        }
        return out + "</feed>\n"
    }

    /// The CAP documents an Atom index links (`entry/link` of type application/cap+xml, or rel alternate), resolved
    /// against `base`; nil when the document is not an Atom feed.
    static func atomLinks(_ data: Data, base: URL) -> [URL]? {
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.delegate = reader
        guard parser.parse(), reader.root == "feed" else { return nil }
        return (reader.attributes["feed/entry/link"] ?? []).compactMap { link in
            guard let href = link["href"], link["type"] == "application/cap+xml" || (link["type"] == nil && link["rel"] == "alternate") else { return nil }
            return URL(string: href, relativeTo: base)?.absoluteURL
        }
    }

    /// A CAP 1.2 alert read into a warning (its first info block) and the node codes of its geocodes.
    static func parse(_ data: Data, now: Date) throws -> (Warning, [String]) {
        let reader = Reader()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.delegate = reader
        guard parser.parse(), reader.root == "alert" else {
            throw WarningError.notCAP(parser.parserError.map { "\($0.localizedDescription)" } ?? "the root element is not alert")
        }
        guard reader.namespace == namespace else { throw WarningError.notCAP("the namespace is not \(namespace)") }
        let v = reader.values
        func one(_ path: String) -> String? { v[path]?.first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 } }
        func time(_ path: String) throws -> Date? {
            guard let text = one(path) else { return nil }
            guard let ms = SensorThingsTime.parse(text) else { throw WarningError.invalid(path, "not a CAP time") }
            return Date(timeIntervalSince1970: TimeInterval(ms) / 1000)
        }
        guard let identifier = one("alert/identifier") else { throw WarningError.missing("alert/identifier") }
        guard let sender = one("alert/sender") else { throw WarningError.missing("alert/sender") }
        guard let sent = try time("alert/sent") else { throw WarningError.missing("alert/sent") }
        guard let status = one("alert/status").flatMap(Warning.Status.init(rawValue:)) else { throw WarningError.invalid("alert/status", "Actual, Exercise or Test") }
        guard let msgType = one("alert/msgType").flatMap(Warning.MessageType.init(rawValue:)) else { throw WarningError.invalid("alert/msgType", "Alert, Update or Cancel") }
        guard let event = one("alert/info/event") else { throw WarningError.missing("alert/info/event") }
        let parameters = Dictionary(zip(v["alert/info/parameter/valueName"] ?? [], v["alert/info/parameter/value"] ?? []), uniquingKeysWith: { a, _ in a })
        let codes = Dictionary(zip(v["alert/info/eventCode/valueName"] ?? [], v["alert/info/eventCode/value"] ?? []), uniquingKeysWith: { a, _ in a })
        let level = parameters["chengyun:level"].flatMap(AlarmLevel.init(rawValue:)) ?? Self.level(event: event, severity: one("alert/info/severity"))
        let hazard = codes["chengyun:hazard"].flatMap(Warning.Hazard.init(rawValue:)) ?? Self.hazard(event)
        let geocodes = zip(v["alert/info/area/geocode/valueName"] ?? [], v["alert/info/area/geocode/value"] ?? []).filter { $0.0 == "chengyun:node" }.map(\.1)
        var w = Warning(id: WarningID(0), identifier: identifier, sender: sender, sentAt: sent, status: status, msgType: msgType,
                        references: (one("alert/references") ?? "").split(separator: " ").map(String.init), hazard: hazard, event: event, level: level,
                        urgency: one("alert/info/urgency").flatMap(Warning.Urgency.init(rawValue:)) ?? .unknown,
                        certainty: one("alert/info/certainty").flatMap(Warning.Certainty.init(rawValue:)) ?? .unknown,
                        headline: one("alert/info/headline") ?? event, description: one("alert/info/description") ?? "",
                        instruction: one("alert/info/instruction") ?? "", effective: try time("alert/info/effective"), onset: try time("alert/info/onset"),
                        expires: try time("alert/info/expires"), areaDescription: one("alert/info/area/areaDesc") ?? "", nodeIDs: [],
                        step: parameters["chengyun:step"].flatMap(Warning.Step.init(rawValue:)), origin: .received, state: .published, issuedBy: sender)
        w.publishedAt = now
        return (w, geocodes.map { $0.trimmingCharacters(in: .whitespaces) })
    }

    /// The colour named in the event (暴雨黄色预警) or, failing that, from the CAP severity.
    static func level(event: String, severity: String?) -> AlarmLevel {
        for level in AlarmLevel.allCases.reversed() where event.contains(level.chineseName) { return level }
        switch severity {
        case "Extreme": return .red
        case "Severe": return .orange
        case "Moderate": return .yellow
        default: return .blue
        }
    }

    static func hazard(_ event: String) -> Warning.Hazard {
        let words: [(String, Warning.Hazard)] = [("台风", .typhoon), ("暴雨", .rainstorm), ("潮", .highTide), ("洪", .flood), ("高温", .heat), ("寒潮", .coldWave), ("大风", .gale)]
        return words.first { event.contains($0.0) }?.1 ?? .other
    }

    /// Collects each element's text and attributes by its path of local names (`alert/info/event`).
    final class Reader: NSObject, XMLParserDelegate {
        var path: [String] = []
        var text = ""
        var root: String?
        var namespace: String?
        var values: [String: [String]] = [:]
        var attributes: [String: [[String: String]]] = [:]

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes attributeDict: [String: String] = [:]) {
            if root == nil {
                root = name
                namespace = namespaceURI
            }
            path.append(name)
            if !attributes.isEmpty || !attributeDict.isEmpty { attributes[path.joined(separator: "/"), default: []].append(attributeDict) }
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            values[path.joined(separator: "/"), default: []].append(text)
            path.removeLast()
            text = ""
        }
    }
}
