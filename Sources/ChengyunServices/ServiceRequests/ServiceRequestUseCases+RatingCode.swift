public import ChengyunCore
import ChengyunStore
import Foundation

/// 扫码评价 (docs/SERVICE-REQUESTS.md): the station makes a one-off code for a closed request it filed, shown to the
/// resident at the window as a QR code; whoever holds the code sees what it is for (no person) and rates it once.
extension ServiceRequestUseCases {
    /// A new code for a closed, unrated request of the caller's station (the last code stops working).
    public func ratingCode(for id: ServiceRequestID, by identity: Identity) async throws -> ServiceRatingCode {
        let r = try await visible(id, identity, roles: Self.keepers, centre: false)
        guard !r.state.isOpen else { throw ServiceRequestError.notClosed }
        guard r.rating == nil else { throw ServiceRequestError.rated }
        let code = ServiceRatingCode.random(), expires = clock.now().addingTimeInterval(Double(ServiceRatingCode.days) * 86_400)
        try await store.setServiceRatingCode(id, hash: Secrets.secretHash(code), expiresAt: expires)
        try await audit("service_request.rating_code", target: "service_request:\(id)", identity, detail: "valid until \(expires)")
        return ServiceRatingCode(code: code, expiresAt: expires)
    }

    /// The request a code rates, while it may be used.
    func byRatingCode(_ text: String) async throws -> ServiceRequest {
        guard let code = ServiceRatingCode.normalised(text), let r = try await store.serviceRequest(ratingCodeHash: Secrets.secretHash(code), at: clock.now()) else {
            throw ServiceRequestError.ratingCode
        }
        return r
    }

    /// What a code shows: the item and the station, no person.
    public func ratingInvite(code: String) async throws -> ServiceRatingInvite {
        try await invite(for: try await byRatingCode(code))
    }

    func invite(for r: ServiceRequest) async throws -> ServiceRatingInvite {
        let station = try await store.node(r.filedAtID)
        return ServiceRatingInvite(itemName: ServiceItem.item(r.itemCode)?.name ?? r.itemCode, stationName: station?.name ?? "", state: r.state, closedAt: r.closedAt,
                                   rated: r.rating != nil, score: r.rating?.score)
    }

    /// 扫码评价 — the holder of a code rates the request once (sent again the same, the same answer), as the resident
    /// rates their own: a bad rating says why and is due an answer from the station.
    /// Staff of the request's station (or its resident's committee) signed in cannot rate it by its code: the station is
    /// rated by those it served. The address is kept with the rating on the audit trail.
    public func rate(code: String, _ input: ServiceRatingCodeInput, by identity: Identity?, from caller: Caller) async throws -> ServiceRatingInvite {
        let r = try await byRatingCode(code)
        if let identity, identity.paths(for: Self.keepers).contains(where: { r.nodePath.hasPrefix($0) || r.filedAtPath.hasPrefix($0) }) {
            throw ServiceRequestError.staffRating
        }
        return try await invite(for: try await applyRating(r, version: r.version, score: input.score, comment: input.comment, by: "居民（扫码评价）", actorID: nil,
                                                           note: "by rating code from \(caller.address ?? "an unknown address")"))
    }
}

/// 扫码评价 — the rating sent with a code: 1 非常不满意 … 5 非常满意, and why (required for 1 or 2).
public struct ServiceRatingCodeInput: Sendable, Hashable, Codable {
    public var score: Int
    public var comment: String?
}
