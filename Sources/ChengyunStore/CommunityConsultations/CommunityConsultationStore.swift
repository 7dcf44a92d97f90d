public import ChengyunCore

/// 三会 — topics gathered per building group and the committees' consultations with their decisions.
public protocol CommunityConsultationStore: Sendable {
    func createConsultationTopic(_ topic: ConsultationTopic) async throws -> ConsultationTopic
    /// The topics of the committees on or under `path`, newest first; only those no consultation took up with `open`.
    func consultationTopics(under path: String, open: Bool, limit: Int) async throws -> [ConsultationTopic]
    func consultationTopics(_ ids: [ConsultationTopicID]) async throws -> [ConsultationTopic]
    /// Creates a consultation and takes up its topics in one commit.
    /// - Throws: `ConsultationError.topicTaken` when one of them was taken up meanwhile.
    func createConsultation(_ consultation: CommunityConsultation) async throws -> CommunityConsultation
    func consultation(_ id: CommunityConsultationID) async throws -> CommunityConsultation?
    /// The consultations of the committees on or under `path`, newest first, before the id `before`; only published
    /// ones with `publishedOnly`.
    func consultations(under path: String, before: CommunityConsultationID?, limit: Int, publishedOnly: Bool) async throws -> [CommunityConsultation]
    /// Writes what a consultation became (status, participants, decisions, notice, satisfaction) when its version is
    /// still `version`; returns it with the version raised, or nil when it changed meanwhile (or is not there).
    func updateConsultation(_ consultation: CommunityConsultation, expecting version: Int) async throws -> CommunityConsultation?
}
