//! Participation in votes on every backend: one record per voter and vote, decided by the
//! database also when a thousand voters each send ten ballots at once.
#![allow(clippy::unwrap_used, reason = "test helpers")]

mod common;

use common::Backends;
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_voters_sending_ten_ballots_each_at_once_are_counted_exactly_once() {
    let b = Backends::open().await;
    for store in &b.stores {
        let store = Arc::new(store.clone());
        let mut tasks = tokio::task::JoinSet::new();
        for attempt in 0..10 {
            for voter in 0..1_000 {
                let store = store.clone();
                tasks.spawn(async move {
                    (
                        voter,
                        attempt,
                        store
                            .claim_ballot("vote:room-1:1:1", &format!("subject-{voter}"))
                            .await
                            .unwrap(),
                    )
                });
            }
        }
        let mut fresh = vec![0u32; 1_000];
        while let Some(done) = tasks.join_next().await {
            let (voter, _, first) = done.unwrap();
            fresh[voter] += u32::from(first);
        }
        assert!(fresh.iter().all(|n| *n == 1), "each voter exactly once");
        assert_eq!(store.participation("vote:room-1:1:1").await.unwrap(), 1_000);
        // Another vote is another record.
        assert!(
            store
                .claim_ballot("vote:room-1:1:2", "subject-1")
                .await
                .unwrap()
        );
        assert!(
            !store
                .claim_ballot("vote:room-1:1:2", "subject-1")
                .await
                .unwrap()
        );
    }
    b.close().await;
}
