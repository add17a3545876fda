import SQLKit

/// An episode's progress (a completed screening, a completed assessment, a referral) is kept on the episode
/// (`is_screened`, `is_assessed`, `is_referred`) and set in the transaction of every write that can change it, so
/// that lists count and filter by status from the episode rows alone (issue 21: at 100,000 people the work list
/// derived it with three `EXISTS` per open episode on every request). The derivation itself lives only here.
enum EpisodeProgress {
    /// Sets the progress of `episodes` from what is recorded against them, inside the caller's transaction: the
    /// rows are locked first, so the update reads what a concurrent write to the same episodes committed.
    static func refresh(_ episodes: [String], on db: any SQLDatabase) async throws {
        try await RowLocks.episodes(episodes, on: db)
        for chunk in Records.chunks(episodes, columns: 1) {
            try await db.raw(Self.update + " WHERE id IN \(SQLGroupExpression(chunk.map { SQLBind($0) }))").run()
        }
    }

    /// Sets the progress of every episode (the migration that added it).
    static func refreshAll(on db: any SQLDatabase) async throws { try await db.raw(Self.update).run() }

    private static var update: SQLQueryString {
        """
        UPDATE episodes SET \
        is_screened = EXISTS (SELECT 1 FROM screening_responses s WHERE s.episode_id = episodes.id \
        AND s.is_complete = \(bind: true)), \
        is_assessed = EXISTS (SELECT 1 FROM assessments a WHERE a.episode_id = episodes.id \
        AND a.completed_at IS NOT NULL), \
        is_referred = EXISTS (SELECT 1 FROM referrals r WHERE r.episode_id = episodes.id)
        """
    }
}
