public import Foundation

extension Attachment {
    /// The content types accepted: photos and PDF documents.
    public static let allowedTypes: Set<String> = ["image/jpeg", "image/png", "image/webp", "application/pdf"]
    /// The default size limit of one file (`AttachmentPolicy.maxFileBytes`).
    public static let maxBytes = 8 * 1024 * 1024

    /// Whether a type is shown in the browser (a photo) rather than downloaded.
    public static func isImage(_ contentType: String) -> Bool { contentType.hasPrefix("image/") }

    /// The allowed type `bytes` are, read from their magic number: JPEG `FF D8 FF`, PNG `89 50 4E 47 0D 0A 1A 0A`,
    /// WebP `RIFF` … `WEBP`, PDF `%PDF-`; nil for anything else.
    public static func sniff(_ bytes: Data) -> String? {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + magic.count && bytes.dropFirst(offset).prefix(magic.count).elementsEqual(magic)
        }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        if starts(Array("%PDF-".utf8)) { return "application/pdf" }
        return nil
    }

    /// Checks the declared type before the body is read.
    /// - Throws: `DomainError` 415 `attachment.type_not_allowed`.
    public static func validate(contentType: String) throws(DomainError) {
        guard allowedTypes.contains(contentType) else {
            throw CaseError.typeNotAllowed(contentType, allowed: allowedTypes)
        }
    }

    /// Checks the declared type, the size and that the bytes are of the declared type.
    /// - Throws: `DomainError` 415 `attachment.type_not_allowed` or `attachment.type_mismatch`, 400 `attachment.empty`,
    ///   413 `attachment.too_large`.
    public static func validate(contentType: String, bytes: Data, maxBytes: Int = maxBytes) throws(DomainError) {
        try validate(contentType: contentType)
        guard !bytes.isEmpty else {
            throw CaseError.emptyAttachment
        }
        guard bytes.count <= maxBytes else {
            throw CaseError.tooLarge(limit: maxBytes, size: bytes.count)
        }
        let actual = sniff(bytes)
        guard actual == contentType else {
            let what = actual.map { "they are \($0)" } ?? "they are none of JPEG, PNG, WebP or PDF"
            throw CaseError.typeMismatch(contentType, what: what)
        }
    }
}

/// 附件限额 — how much one person may upload: a limit per file, and per rolling 24 hours (residents less than staff).
public struct AttachmentPolicy: Sendable, Hashable, Codable {
    /// The largest file.
    public var maxFileBytes: Int
    /// What a resident (a person with no role but `resident`) may upload in any 24 hours.
    public var residentDailyBytes: Int
    /// What staff (any other role) may upload in any 24 hours.
    public var staffDailyBytes: Int

    public init(maxFileBytes: Int = Attachment.maxBytes, residentDailyBytes: Int = 50 * 1024 * 1024, staffDailyBytes: Int = 500 * 1024 * 1024) {
        self.maxFileBytes = maxFileBytes
        self.residentDailyBytes = residentDailyBytes
        self.staffDailyBytes = staffDailyBytes
    }

    /// The window the daily limits count over.
    public static let windowSeconds: Double = 86_400

    /// The bytes `identity` may upload in 24 hours; nil for an external system (an API key), which has no person to count.
    public func dailyBytes(for identity: Identity) -> Int? {
        guard !identity.isSystem else { return nil }
        return identity.roles.subtracting([.resident]).isEmpty ? residentDailyBytes : staffDailyBytes
    }
}
