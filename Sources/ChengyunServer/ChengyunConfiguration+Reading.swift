import ChengyunCore
import ChengyunHTTP
import ChengyunServices
import Foundation
import Logging

extension ChengyunConfiguration {
    /// Reads every key (the order is the order `config check` prints) and checks each value, naming the key of the
    /// first that is wrong. Keys and their meaning: docs/OPERATIONS.md, "Configuration".
    init(reading r: SettingsReader) throws(ConfigurationError) {
        self.init()
        try r.read("server.host", &server.host)
        try r.require(!server.host.isEmpty, "server.host", "must be an address such as 127.0.0.1")
        try r.read("server.port", &server.port)
        try r.require((0...65_535).contains(server.port), "server.port", "must be 0 (a free port) to 65535")
        try r.read("server.maxConnections", &server.maxConnections)
        try r.require(server.maxConnections >= 64, "server.maxConnections", "must be at least 64")
        try r.read("server.maxConnectionsPerAddress", &server.maxConnectionsPerAddress)
        try r.require(server.maxConnectionsPerAddress >= 1, "server.maxConnectionsPerAddress", "must be at least 1")
        try r.read("server.trustedProxies", &server.trustedProxies)
        try r.require(server.trustedProxySet.allSatisfy(IPAddressText.isValid), "server.trustedProxies",
                      "must be IP addresses separated by commas (the load balancers in front)")
        try r.read("server.idleTimeout", &server.idleTimeout)
        try r.require((5...600).contains(server.idleTimeout), "server.idleTimeout", "must be 5 to 600 seconds")
        try r.read("server.bodyTimeout", &server.bodyTimeout)
        try r.require((2...600).contains(server.bodyTimeout), "server.bodyTimeout", "must be 2 to 600 seconds")
        try r.read("server.maxStreamsPerUser", &server.maxStreamsPerUser)
        try r.require((1...100).contains(server.maxStreamsPerUser), "server.maxStreamsPerUser", "must be 1 to 100")
        try r.read("server.maxStreams", &server.maxStreams)
        try r.require((1...100_000).contains(server.maxStreams), "server.maxStreams", "must be 1 to 100,000")

        try r.read("load.inFlight", &load.inFlight)
        try r.require((16...1_000_000).contains(load.inFlight), "load.inFlight", "must be 16 to 1,000,000")
        var dearConcurrent = 0
        try r.read("load.dearConcurrent", &dearConcurrent)
        try r.require((0...1_024).contains(dearConcurrent), "load.dearConcurrent", "must be 0 (one per core) to 1,024")
        if dearConcurrent > 0 { load.dearConcurrent = dearConcurrent }
        try r.read("load.dearWaiting", &load.dearWaiting)
        try r.require((0...100_000).contains(load.dearWaiting), "load.dearWaiting", "must be 0 to 100,000")
        try r.read("load.dearPerIdentity", &load.dearPerIdentity)
        try r.require((1...1_024).contains(load.dearPerIdentity), "load.dearPerIdentity", "must be 1 to 1,024")
        try r.read("load.publicConcurrent", &load.publicConcurrent)
        try r.require((1...1_024).contains(load.publicConcurrent), "load.publicConcurrent", "must be 1 to 1,024")
        try r.read("load.publicWaiting", &load.publicWaiting)
        try r.require((0...100_000).contains(load.publicWaiting), "load.publicWaiting", "must be 0 to 100,000")
        var maxWaitSeconds = load.maxWait.inSeconds
        try r.read("load.maxWaitSeconds", &maxWaitSeconds)
        try r.require(maxWaitSeconds.isFinite && (0.01...300).contains(maxWaitSeconds), "load.maxWaitSeconds", "must be 0.01 to 300 seconds")
        load.maxWait = .milliseconds(Int64((maxWaitSeconds * 1000).rounded()))
        try r.read("load.signInConcurrent", &load.signInConcurrent)
        try r.require((1...1_024).contains(load.signInConcurrent), "load.signInConcurrent", "must be 1 to 1,024")
        try r.read("load.signInWaiting", &load.signInWaiting)
        try r.require((0...1_000_000).contains(load.signInWaiting), "load.signInWaiting", "must be 0 to 1,000,000")
        var signInWaitSeconds = load.signInMaxWait.inSeconds
        try r.read("load.signInMaxWaitSeconds", &signInWaitSeconds)
        try r.require(signInWaitSeconds.isFinite && (0.01...600).contains(signInWaitSeconds), "load.signInMaxWaitSeconds", "must be 0.01 to 600 seconds")
        load.signInMaxWait = .milliseconds(Int64((signInWaitSeconds * 1000).rounded()))
        try r.read("load.requestsPerWindow", &load.requestsPerWindow)
        try r.require((1...10_000_000).contains(load.requestsPerWindow), "load.requestsPerWindow", "must be 1 to 10,000,000")
        try r.read("load.publicRequestsPerWindow", &load.publicRequestsPerWindow)
        try r.require((1...10_000_000).contains(load.publicRequestsPerWindow), "load.publicRequestsPerWindow", "must be 1 to 10,000,000")
        try r.read("load.rateWindowSeconds", &load.rateWindowSeconds)
        try r.require(load.rateWindowSeconds.isFinite && (1...3_600).contains(load.rateWindowSeconds), "load.rateWindowSeconds", "must be 1 to 3,600 seconds")
        var tarpitSeconds = load.tarpit.inSeconds
        try r.read("load.tarpitSeconds", &tarpitSeconds)
        try r.require(tarpitSeconds.isFinite && (0...60).contains(tarpitSeconds), "load.tarpitSeconds", "must be 0 to 60 seconds")
        load.tarpit = .milliseconds(Int64((tarpitSeconds * 1000).rounded()))

        try r.read("database.url", &database.url, shown: .url)
        do throws(ConfigurationError) { _ = try StoreLocation(database.url) } catch {
            throw ConfigurationError(key: error.key, error.problem, source: r.source(of: "database.url"))
        }
        try r.read("database.durability", &database.durability)
        try r.require(["process", "power"].contains(database.durability), "database.durability", "must be process or power")

        try r.read("security.dataKeysFile", &security.dataKeysFile)
        try r.read("security.sessionHours", &security.sessionHours)
        try r.require(security.sessionHours.isFinite && (0.25...720).contains(security.sessionHours), "security.sessionHours", "must be 0.25 to 720 hours")
        try r.read("security.identityCacheSeconds", &security.identityCacheSeconds)
        try r.require(security.identityCacheSeconds.isFinite && (0...300).contains(security.identityCacheSeconds),
                      "security.identityCacheSeconds", "must be 0 to 300 seconds")
        try r.read("security.signIn.maxFailures", &security.signIn.maxFailures)
        try r.require((1...100).contains(security.signIn.maxFailures), "security.signIn.maxFailures", "must be 1 to 100")
        try r.read("security.signIn.windowSeconds", &security.signIn.windowSeconds)
        try r.require(security.signIn.windowSeconds.isFinite && (1...86_400).contains(security.signIn.windowSeconds),
                      "security.signIn.windowSeconds", "must be 1 to 86400 seconds")
        try r.read("security.signIn.lockSeconds", &security.signIn.lockSeconds)
        try r.require(security.signIn.lockSeconds.isFinite && (1...86_400).contains(security.signIn.lockSeconds),
                      "security.signIn.lockSeconds", "must be 1 to 86400 seconds")
        try r.read("security.signIn.maxFailuresPerAddress", &security.signIn.maxFailuresPerAddress)
        try r.require((1...10_000).contains(security.signIn.maxFailuresPerAddress), "security.signIn.maxFailuresPerAddress", "must be 1 to 10,000")
        try r.read("security.accessWatch.readsPerHour", &security.accessWatch.readsPerHour)
        try r.require(security.accessWatch.readsPerHour >= 1, "security.accessWatch.readsPerHour", "must be at least 1")
        try r.read("security.accessWatch.offHoursFrom", &security.accessWatch.offHoursFrom)
        try r.require((0...23).contains(security.accessWatch.offHoursFrom), "security.accessWatch.offHoursFrom", "must be an hour, 0 to 23")
        try r.read("security.accessWatch.offHoursTo", &security.accessWatch.offHoursTo)
        try r.require((0...23).contains(security.accessWatch.offHoursTo), "security.accessWatch.offHoursTo", "must be an hour, 0 to 23")

        try r.read("loop.returnsBeforeArbitration", &loop.returnsBeforeArbitration)
        try r.require((1...20).contains(loop.returnsBeforeArbitration), "loop.returnsBeforeArbitration", "must be 1 to 20")
        try r.read("loop.linkageTopLevel", &loop.linkageTopLevel)
        try r.require((3...LoopPolicy.maxLinkageLevel).contains(loop.linkageTopLevel), "loop.linkageTopLevel",
                      "must be 3 (street leading group), 4 (district) or 5 (city)")
        try r.read("loop.videoReviewMetres", &loop.videoReviewMetres)
        try r.require(loop.videoReviewMetres.isFinite && (1...5_000).contains(loop.videoReviewMetres), "loop.videoReviewMetres", "must be 1 to 5,000 metres")
        var escalateUpTo = loop.escalateUpTo.rawValue
        try r.read("loop.escalateUpTo", &escalateUpTo)
        guard let highest = OrgNode.Kind(rawValue: escalateUpTo), [.street, .district, .city].contains(highest) else {
            throw ConfigurationError(key: "loop.escalateUpTo", "must be street, district or city", source: r.source(of: "loop.escalateUpTo"))
        }
        loop.escalateUpTo = highest
        try r.read("loop.escalationInterval", &loop.escalationInterval)
        try r.require((1...86_400).contains(loop.escalationInterval), "loop.escalationInterval", "must be 1 to 86400 seconds")
        try r.read("loop.dueSoonHours", &loop.dueSoonHours)
        try r.require(loop.dueSoonHours.isFinite && (0...720).contains(loop.dueSoonHours), "loop.dueSoonHours", "must be 0 to 720 hours")
        try r.read("loop.repairArrivalMinutes", &loop.repairArrivalMinutes)
        try r.require((5...240).contains(loop.repairArrivalMinutes), "loop.repairArrivalMinutes", "must be 5 to 240 minutes")
        var sources = CaseSource.allCases.filter(loop.autoAcceptSources.contains).map(\.rawValue)
        try r.read("loop.autoAcceptSources", &sources)
        loop.autoAcceptSources = []
        for name in sources {
            guard let source = CaseSource(rawValue: name) else {
                throw ConfigurationError(key: "loop.autoAcceptSources", "\(name) is not a source; use \(CaseSource.allCases.map(\.rawValue).joined(separator: ", "))",
                                         source: r.source(of: "loop.autoAcceptSources"))
            }
            loop.autoAcceptSources.insert(source)
        }

        try r.read("kpi.responseHours", &kpi.responseHours)
        try r.require(kpi.responseHours.isFinite && kpi.responseHours > 0 && kpi.responseHours <= 720, "kpi.responseHours", "must be more than 0 and at most 720 hours")
        try r.read("kpi.satisfiedScore", &kpi.satisfiedScore)
        try r.require((1...5).contains(kpi.satisfiedScore), "kpi.satisfiedScore", "must be a rating, 1 to 5")

        try r.read("hotspots.minCases", &hotspots.minCases)
        try r.require((2...1_000).contains(hotspots.minCases), "hotspots.minCases", "must be 2 to 1,000")
        try r.read("hotspots.days", &hotspots.days)
        try r.require((1...366).contains(hotspots.days), "hotspots.days", "must be 1 to 366")
        try r.read("hotspots.metres", &hotspots.metres)
        try r.require(hotspots.metres.isFinite && (0...5_000).contains(hotspots.metres), "hotspots.metres", "must be 0 to 5,000")
        try r.read("hotspots.refreshSeconds", &hotspots.refreshSeconds)
        try r.require(hotspots.refreshSeconds == 0 || (hotspots.refreshSeconds.isFinite && (5...86_400).contains(hotspots.refreshSeconds)),
                      "hotspots.refreshSeconds", "must be 0 (never) or 5 to 86,400 seconds")

        try r.read("sensing.rawRetentionDays", &sensing.rawRetentionDays)
        try r.require((1...3_650).contains(sensing.rawRetentionDays), "sensing.rawRetentionDays", "must be 1 to 3,650 days")
        try r.read("sensing.minuteRetentionDays", &sensing.minuteRetentionDays)
        try r.require((sensing.rawRetentionDays...3_650).contains(sensing.minuteRetentionDays), "sensing.minuteRetentionDays",
                      "must be at least sensing.rawRetentionDays and at most 3,650 days")

        try r.read("duplicates.metres", &duplicates.metres)
        try r.require(duplicates.metres.isFinite && duplicates.metres > 0 && duplicates.metres <= 5_000, "duplicates.metres", "must be more than 0 and at most 5,000")
        try r.read("duplicates.hours", &duplicates.hours)
        try r.require(duplicates.hours.isFinite && duplicates.hours > 0 && duplicates.hours <= 8_760, "duplicates.hours", "must be more than 0 and at most 8,760")

        try r.read("console.tileURL", &console.tileURL, shown: .url)
        if let tileURL = console.tileURL {
            do { _ = try ConsoleSettings.validTileURL(tileURL) } catch {
                throw ConfigurationError(key: "console.tileURL", "must be an http(s) template with {z}, {x} and {y}, like http://tiles.city.local/{z}/{x}/{y}.png",
                                         source: r.source(of: "console.tileURL"))
            }
        }
        try r.read("console.tileAttribution", &console.tileAttribution)
        try r.read("console.filesRoot", &console.filesRoot)
        try r.read("console.javascriptRoot", &console.javascriptRoot)
        try r.require(!console.javascriptRoot.isEmpty, "console.javascriptRoot", "must be a folder")

        var webhook = hotline.webhook?.absoluteString
        try r.read("hotline.webhook", &webhook, shown: .url)
        if let webhook {
            guard let url = URL(string: webhook), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ConfigurationError(key: "hotline.webhook", "must be an http(s) URL like http://hotline.example/chengyun/status",
                                         source: r.source(of: "hotline.webhook"))
            }
            hotline.webhook = url
        }

        var gateway = notices.chatGateway?.absoluteString
        try r.read("notices.chatGateway", &gateway, shown: .url)
        if let gateway {
            guard let url = URL(string: gateway), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ConfigurationError(key: "notices.chatGateway", "must be an http(s) URL like http://chat-gateway.example/notices",
                                         source: r.source(of: "notices.chatGateway"))
            }
            notices.chatGateway = url
        }

        func httpURL(_ text: String, key: String) throws(ConfigurationError) -> URL {
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ConfigurationError(key: key, "must be http(s) URLs like http://release.example/cap", source: r.source(of: key))
            }
            return url
        }
        var channels = warnings.channels.map(\.absoluteString)
        try r.read("warnings.channels", &channels)
        warnings.channels = []
        for text in channels { warnings.channels.append(try httpURL(text, key: "warnings.channels")) }
        var pull = warnings.pullURL?.absoluteString
        try r.read("warnings.pullURL", &pull, shown: .url)
        if let pull { warnings.pullURL = try httpURL(pull, key: "warnings.pullURL") }
        try r.read("warnings.pullSeconds", &warnings.pullSeconds)
        try r.require((5...86_400).contains(warnings.pullSeconds), "warnings.pullSeconds", "must be 5 to 86,400 seconds")

        try r.read("attachments.maxFileBytes", &attachments.maxFileBytes)
        try r.require((64 * 1024...64 * 1024 * 1024).contains(attachments.maxFileBytes), "attachments.maxFileBytes", "must be 64 KiB to 64 MiB (in bytes)")
        try r.read("attachments.residentDailyBytes", &attachments.residentDailyBytes)
        try r.require(attachments.residentDailyBytes >= attachments.maxFileBytes, "attachments.residentDailyBytes", "must be at least attachments.maxFileBytes")
        try r.read("attachments.staffDailyBytes", &attachments.staffDailyBytes)
        try r.require(attachments.staffDailyBytes >= attachments.maxFileBytes, "attachments.staffDailyBytes", "must be at least attachments.maxFileBytes")

        try r.read("logging.level", &logging.level)
        try r.require(Logger.Level(rawValue: logging.level) != nil, "logging.level", "must be trace, debug, info, notice, warning, error or critical")
    }
}
