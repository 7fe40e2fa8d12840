//! Rooms and migrations on every backend.

mod common;

use common::Backends;
use plenum_protocol::RoomId;
use plenum_store::{RoomRecord, RoomRepo, Store, StoreError};

fn room(id: &str, at: i64) -> RoomRecord {
    RoomRecord {
        id: RoomId::parse(id).expect("valid id"),
        created_at: at,
        owner_key_hash: Some("hash".into()),
        created_by: None,
    }
}

#[tokio::test]
async fn rooms_are_created_found_and_unique() {
    let b = Backends::open().await;
    for store in &b.stores {
        let r = room("abc123", 1_700_000_000_000);
        store.create_room(&r).await.expect("created");
        assert_eq!(store.room(&r.id).await.expect("read"), Some(r.clone()));
        assert!(
            matches!(store.create_room(&r).await, Err(StoreError::Conflict)),
            "{:?}",
            store.backend()
        );
        let missing = RoomId::parse("nope").expect("valid id");
        assert_eq!(store.room(&missing).await.expect("read"), None);
    }
    b.close().await;
}

#[tokio::test]
async fn migrations_are_idempotent() {
    let b = Backends::open().await;
    for store in &b.stores {
        store.migrate().await.expect("second run is a no-op");
    }
    b.close().await;
}

#[tokio::test]
async fn unsupported_urls_are_refused() {
    assert!(matches!(
        Store::connect("mysql://x").await,
        Err(StoreError::UnsupportedUrl)
    ));
}
