//! Participation in votes: the record that a voter voted, once per vote (the storage side of
//! `Output::ClaimBallot`). Not here: ballots (they live only in the vote's protocol, a record).

use crate::error::StoreError;
use crate::store::Store;

impl Store {
    /// Records that `voter` (a subject) voted in `vote` (its key). `true` when this is the
    /// first record, `false` when the voter had voted already: the primary key decides, so
    /// concurrent claims of one voter yield exactly one `true`.
    pub async fn claim_ballot(&self, vote: &str, voter: &str) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO vote_participation (vote_key, voter) VALUES ($1, $2) \
             ON CONFLICT (vote_key, voter) DO NOTHING",
        )
        .bind(vote)
        .bind(voter)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// How many voters have voted in `vote`.
    pub async fn participation(&self, vote: &str) -> Result<i64, StoreError> {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM vote_participation WHERE vote_key = $1")
                .bind(vote)
                .fetch_one(&self.pool)
                .await?;
        Ok(n)
    }
}
