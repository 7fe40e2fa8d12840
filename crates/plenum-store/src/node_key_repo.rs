//! Conference nodes' protocol signing keys (public halves, as JSON Web Keys), published with the
//! controllers' keys so that vote protocols signed by a node stay verifiable after the node is
//! gone. They sign protocols only; tickets are checked with the controllers' keys alone.

use crate::error::StoreError;
use crate::store::Store;
use sqlx::Row;

impl Store {
    /// Records a node's public key (a key id already known keeps its first record).
    pub async fn publish_node_key(
        &self,
        kid: &str,
        node: &str,
        jwk: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO node_keys (kid, node, jwk, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (kid) DO NOTHING",
        )
        .bind(kid.to_owned())
        .bind(node.to_owned())
        .bind(jwk.to_owned())
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Every published node key as JSON, oldest first.
    pub async fn node_keys(&self) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query("SELECT jwk FROM node_keys ORDER BY created_at, kid")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| r.try_get::<String, _>("jwk"))
            .collect::<Result<_, _>>()?)
    }
}
