import SQLKit

/// What has been recorded against a batch of episodes (completed screenings, assessments, referrals): the facts
/// an episode's status is derived from, read in one query per kind rather than one per episode.
struct EpisodeProgress {
    let screened: Set<String>
    let assessed: Set<String>
    let referred: Set<String>

    static func load(_ episodes: [String], on db: any SQLDatabase) async throws -> EpisodeProgress {
        EpisodeProgress(
            screened: try await SQLScreeningStore.screened(episodes, on: db),
            assessed: try await SQLAssessmentStore.assessed(episodes, on: db),
            referred: try await SQLReferralStore.referred(episodes, on: db))
    }
}
