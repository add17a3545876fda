import Foundation

/// One completed (or draft) instrument for an episode, stored as coded answers with the score worked out when
/// it was recorded. A completed response is never changed: a correction is a new response superseding it.
package struct ScreeningResponse: Sendable, Hashable, Identifiable {
    package typealias ID = TypedID<ScreeningResponse>

    package let id: ID
    package let episodeID: Episode.ID
    package let personID: Person.ID
    package let instrumentID: String
    package let instrumentVersion: String
    package let answers: [String: Int]
    package let score: InstrumentScore
    package let recordedBy: User.ID
    package let recordedAt: Date
    /// Changes each time a draft is continued: a stale form never overwrites newer answers.
    package let version: Int

    package init(
        id: ID, episodeID: Episode.ID, personID: Person.ID, instrumentID: String, instrumentVersion: String,
        answers: [String: Int], score: InstrumentScore, recordedBy: User.ID, recordedAt: Date, version: Int = 1
    ) {
        self.version = version
        self.id = id
        self.episodeID = episodeID
        self.personID = personID
        self.instrumentID = instrumentID
        self.instrumentVersion = instrumentVersion
        self.answers = answers
        self.score = score
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    /// Draft until every scored item is answered.
    package var isComplete: Bool { score.isComplete }
}
