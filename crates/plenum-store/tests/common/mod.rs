//! The backends every conformance test runs on: SQLite always, PostgreSQL when reachable (and
//! always in CI, where its absence fails the suite instead of skipping it).
#![allow(dead_code)]

use plenum_store::{Backend, Store};

const DEFAULT_PG: &str = "postgres://postgres@127.0.0.1:5432/test";

pub struct Backends {
    pub stores: Vec<Store>,
    _dir: tempfile::TempDir,
    pg_schema: Option<(Store, String)>,
}

impl Backends {
    pub async fn open() -> Backends {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
        let sqlite = Store::connect(&url).await.expect("sqlite opens");
        sqlite.migrate().await.expect("sqlite migrates");
        let mut stores = vec![sqlite];
        let mut pg_schema = None;
        let pg_url = std::env::var("PLENUM_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_PG.into());
        match Store::connect(&pg_url).await {
            Ok(admin) => {
                let schema = format!("conformance_{:016x}", rand::random::<u64>());
                sqlx_exec(&admin, &format!("CREATE SCHEMA {schema}")).await;
                let sep = if pg_url.contains('?') { '&' } else { '?' };
                let url = format!("{pg_url}{sep}options=-c%20search_path%3D{schema}");
                let pg = Store::connect(&url)
                    .await
                    .expect("postgres opens with schema");
                pg.migrate().await.expect("postgres migrates");
                assert_eq!(pg.backend(), Backend::Postgres);
                stores.push(pg);
                pg_schema = Some((admin, schema));
            }
            Err(e) if std::env::var_os("CI").is_some() => {
                panic!("PostgreSQL at {pg_url} is required in CI: {e}")
            }
            Err(e) => eprintln!(
                "\n!!! SKIPPED: PostgreSQL conformance suite ({pg_url} unreachable: {e}).\n!!! Set PLENUM_TEST_POSTGRES to run it.\n"
            ),
        }
        Backends {
            stores,
            _dir: dir,
            pg_schema,
        }
    }

    pub async fn close(self) {
        for s in &self.stores {
            s.close().await;
        }
        if let Some((admin, schema)) = self.pg_schema {
            sqlx_exec(&admin, &format!("DROP SCHEMA {schema} CASCADE")).await;
        }
    }
}

async fn sqlx_exec(store: &Store, sql: &str) {
    store.execute_raw(sql).await.expect("admin statement");
}
