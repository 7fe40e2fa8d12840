//! The controller role: REST API under `/api/v1` (accounts, sessions, API tokens, meetings,
//! invitations, guest links, rooms, meeting reports), join tickets, and the storage of records
//! that conferences leave behind.
//!
//! It decides who may enter which room and hands out signed tickets; it never sees media or
//! signaling. In `plenum serve` it runs beside the node in the same process; `plenum controller`
//! runs it alone, with its peers sharing PostgreSQL and Redis.

pub mod auth;
mod backgrounds;
mod invitations;
pub mod mail;
mod me;
pub mod meetings;
pub mod node_api;
pub mod oidc;
pub mod openapi;
pub mod password;
mod placement;
mod prepared;
mod quota;
pub mod reports;
mod rooms;
pub mod schedule;
pub mod secret_hash;
mod throttle;
pub mod totp;
mod usage;
pub mod users;
mod votes;

use crate::audit::{Audit, AuditEvent};
use crate::client_addr::ClientAddr;
use crate::error::ApiError;
use crate::ticket::TicketSigner;
use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use plenum_protocol::breakout::BreakoutSetup;
use plenum_protocol::polls::PollDefinition;
use plenum_protocol::votes::VoteDefinition;
use plenum_store::{MailRecord, Store};
use std::sync::Arc;
use tokio::sync::Notify;

pub use oidc::Oidc;
pub use placement::Placement;
pub use rooms::{expire_unused_rooms, validate_display_name};
pub use throttle::Throttle;

/// Largest accepted REST request body.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// Settings of the controller.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Anyone may create ad-hoc rooms.
    pub allow_anonymous_rooms: bool,
    /// Formal or informal German in the web client.
    pub german_address: plenum_protocol::api::GermanAddress,
    /// How people reach Plenum, without a trailing slash.
    pub public_url: String,
    /// Session cookies only over https.
    pub secure_cookies: bool,
    /// Resource limits.
    pub limits: crate::limits::Limits,
    /// Conference nodes allowed to use the storage API (scale-out only).
    pub node_credentials: Vec<crate::config::NodeCredential>,
}

/// Records refused requests (401, 403: authentication, CSRF, permissions) in the audit log,
/// with the route's pattern, never its ids.
async fn audit_refusals(
    State(c): State<Arc<Controller>>,
    client: ClientAddr,
    route: axum::extract::MatchedPath,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let method = request.method().to_string();
    let response = next.run(request).await;
    let status = response.status();
    if status == axum::http::StatusCode::UNAUTHORIZED || status == axum::http::StatusCode::FORBIDDEN
    {
        c.audit(
            &client,
            AuditEvent::Refused {
                status: status.as_u16(),
                method,
                route: route.as_str().to_owned(),
            },
        );
    }
    response
}

/// What a controller is made of.
pub struct ControllerSetup {
    /// The database.
    pub store: Store,
    /// Signs join tickets.
    pub signer: TicketSigner,
    /// Settings.
    pub settings: Settings,
    /// The OpenID provider, if configured.
    pub oidc: Option<Oidc>,
    /// Wakes the mailer.
    pub mail_ready: Arc<Notify>,
    /// Where rooms' conferences run, and how to tell their nodes.
    pub placement: Placement,
    /// The process's metrics.
    pub metrics: Arc<crate::metrics::Metrics>,
    /// Encrypts secrets at rest.
    pub secrets: crate::secret_box::SecretBox,
    /// The security audit log.
    pub audit: Arc<Audit>,
}

/// The controller's state.
pub struct Controller {
    pub(crate) store: Store,
    pub(crate) signer: TicketSigner,
    pub(crate) settings: Settings,
    pub(crate) throttle: Throttle,
    pub(crate) oidc: Option<Oidc>,
    pub(crate) placement: Placement,
    pub(crate) metrics: Arc<crate::metrics::Metrics>,
    /// Encrypts secrets at rest (TOTP seeds).
    pub(crate) secrets: crate::secret_box::SecretBox,
    /// The security audit log.
    pub(crate) audit: Arc<Audit>,
    /// The first-run setup's code (see [`Controller::setup_code`]).
    setup_code: String,
    mail_ready: Arc<Notify>,
}

impl Controller {
    /// A controller made of `setup`.
    pub fn new(setup: ControllerSetup) -> Self {
        Controller {
            throttle: Throttle::new(
                &setup.settings.limits,
                setup.audit.clone(),
                match &setup.placement {
                    Placement::Cluster { cluster, .. } => Some(cluster.clone()),
                    Placement::Local { .. } => None,
                },
            ),
            store: setup.store,
            signer: setup.signer,
            settings: setup.settings,
            oidc: setup.oidc,
            placement: setup.placement,
            metrics: setup.metrics,
            secrets: setup.secrets,
            audit: setup.audit,
            setup_code: crate::secret::random_token(),
            mail_ready: setup.mail_ready,
        }
    }

    /// Records an audit event from `client`.
    pub(crate) fn audit(&self, client: &ClientAddr, event: AuditEvent) {
        self.audit.record(client, event);
    }

    /// The code that lets someone who is not on the server itself run the first-run setup;
    /// `plenum serve` prints it (never logs it) while no account exists.
    pub fn setup_code(&self) -> &str {
        &self.setup_code
    }

    /// Queues a mail and wakes the mailer.
    pub(crate) async fn mail(&self, mail: MailRecord) -> Result<(), ApiError> {
        self.store.enqueue_mail(&mail).await?;
        self.wake_mailer();
        Ok(())
    }

    /// Tells the mailer that mails are waiting.
    pub(crate) fn wake_mailer(&self) {
        self.mail_ready.notify_one();
    }

    /// The `/api/v1` routes.
    pub fn router(self: Arc<Self>) -> Router {
        Router::new()
            .route("/api/v1/keys", get(keys))
            .route("/api/v1/keys/tickets", get(ticket_keys))
            .route("/api/v1/auth/config", get(auth::config))
            .route("/api/v1/auth/setup", post(auth::setup))
            .route("/api/v1/auth/login", post(auth::login))
            .route("/api/v1/auth/logout", post(auth::logout))
            .route("/api/v1/auth/password-reset", post(auth::password_reset))
            .route(
                "/api/v1/auth/password-reset/confirm",
                post(auth::password_reset_confirm),
            )
            .route("/api/v1/auth/oidc/login", get(oidc::login))
            .route("/api/v1/auth/oidc/callback", get(oidc::callback))
            .route("/api/v1/me", get(me::get).patch(me::update))
            .route("/api/v1/me/password", post(me::change_password))
            .route("/api/v1/me/totp", post(totp::enrol).delete(totp::disable))
            .route("/api/v1/me/totp/confirm", post(totp::confirm))
            .route("/api/v1/me/tokens", get(me::tokens).post(me::create_token))
            .route("/api/v1/me/tokens/{id}", delete(me::delete_token))
            .route("/api/v1/users", get(users::search))
            .route(
                "/api/v1/users/{id}/favourite",
                put(users::set_favourite).delete(users::unset_favourite),
            )
            .route(
                "/api/v1/admin/users",
                get(users::admin_list).post(users::admin_create),
            )
            .route(
                "/api/v1/admin/users/{id}",
                axum::routing::patch(users::admin_update).delete(users::admin_delete),
            )
            .route("/api/v1/admin/usage", get(usage::get))
            .route("/api/v1/dashboard", get(meetings::dashboard))
            .route(
                "/api/v1/meetings",
                get(meetings::list).post(meetings::create),
            )
            .route("/api/v1/meetings/occurrences", get(meetings::occurrences))
            .route(
                "/api/v1/meetings/{id}",
                get(meetings::get)
                    .put(meetings::update)
                    .delete(meetings::delete),
            )
            .route(
                "/api/v1/meetings/{id}/occurrences/{original_start}",
                put(meetings::put_occurrence).delete(meetings::delete_occurrence),
            )
            .route(
                "/api/v1/meetings/{id}/favourite",
                put(meetings::set_favourite).delete(meetings::unset_favourite),
            )
            .route(
                "/api/v1/meetings/{id}/invitations",
                get(invitations::list).post(invitations::create),
            )
            .route(
                "/api/v1/meetings/{id}/invitations/{invitation}",
                delete(invitations::delete),
            )
            .route(
                "/api/v1/meetings/{id}/invitation/response",
                post(invitations::answer),
            )
            .route(
                "/api/v1/meetings/{id}/guest-links",
                get(invitations::guest_links).post(invitations::create_guest_link),
            )
            .route(
                "/api/v1/meetings/{id}/guest-links/{link}",
                delete(invitations::delete_guest_link),
            )
            .route(
                "/api/v1/meetings/{id}/backgrounds",
                get(backgrounds::list)
                    .post(backgrounds::upload)
                    .layer(DefaultBodyLimit::max(backgrounds::MAX_BACKGROUND_BYTES)),
            )
            .route(
                "/api/v1/meetings/{id}/backgrounds/{picture}",
                delete(backgrounds::delete),
            )
            .route(
                "/api/v1/meetings/{id}/polls",
                get(prepared::list::<PollDefinition>).post(prepared::create::<PollDefinition>),
            )
            .route(
                "/api/v1/meetings/{id}/breakout-setups",
                get(prepared::list::<BreakoutSetup>).post(prepared::create::<BreakoutSetup>),
            )
            .route(
                "/api/v1/meetings/{id}/breakout-setups/{item}",
                put(prepared::update::<BreakoutSetup>).delete(prepared::delete::<BreakoutSetup>),
            )
            .route(
                "/api/v1/meetings/{id}/polls/{item}",
                put(prepared::update::<PollDefinition>).delete(prepared::delete::<PollDefinition>),
            )
            .route(
                "/api/v1/meetings/{id}/votes",
                get(prepared::list::<VoteDefinition>).post(prepared::create::<VoteDefinition>),
            )
            .route(
                "/api/v1/meetings/{id}/votes/{item}",
                put(prepared::update::<VoteDefinition>).delete(prepared::delete::<VoteDefinition>),
            )
            .route("/api/v1/votes", get(votes::list))
            .route("/api/v1/votes/{id}", get(votes::get))
            .route("/api/v1/votes/{id}/pdf", get(votes::pdf))
            .route("/api/v1/reports", get(reports::list))
            .route("/api/v1/reports/{id}", get(reports::get))
            .route("/api/v1/reports/{id}/csv", get(reports::csv))
            .route("/api/v1/reports/{id}/chat", get(reports::chat))
            .route("/api/v1/nodes/records", post(node_api::store_record))
            .route("/api/v1/nodes/ballots", post(node_api::claim_ballot))
            .route("/api/v1/nodes/keys", post(node_api::publish_key))
            .route("/api/v1/rooms", post(rooms::create))
            .route("/api/v1/rooms/{id}", get(rooms::get))
            .route("/api/v1/rooms/{id}/tickets", post(rooms::ticket))
            .route(
                "/api/v1/rooms/{id}/polls",
                get(prepared::of_room::<PollDefinition>),
            )
            .route(
                "/api/v1/rooms/{id}/votes",
                get(prepared::of_room::<VoteDefinition>),
            )
            .route(
                "/api/v1/rooms/{id}/breakout-setups",
                get(prepared::of_room::<BreakoutSetup>),
            )
            .route(
                "/api/v1/rooms/{id}/backgrounds/{picture}",
                get(backgrounds::image),
            )
            .route_layer(axum::middleware::from_fn_with_state(
                self.clone(),
                audit_refusals,
            ))
            .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
            .with_state(self)
            .merge(
                // The base layout: without the top bar's unlabelled address field.
                utoipa_swagger_ui::SwaggerUi::new("/api/docs")
                    .url("/api/v1/openapi.json", openapi::document())
                    .config(
                        utoipa_swagger_ui::Config::from("/api/v1/openapi.json").use_base_layout(),
                    ),
            )
    }
}

/// Every key that may have signed something of this installation: the controllers' key
/// first, then the conference nodes' protocol keys, for whoever checks a vote protocol.
async fn keys(
    State(c): State<Arc<Controller>>,
) -> Result<Json<plenum_protocol::api::KeySet>, ApiError> {
    let mut keys = vec![c.signer.public_jwk()];
    for json in c.store.node_keys().await? {
        match serde_json::from_str(&json) {
            Ok(key) => keys.push(key),
            Err(e) => tracing::warn!(error = %e, "skipping an unreadable node key"),
        }
    }
    Ok(Json(plenum_protocol::api::KeySet { keys }))
}

/// The keys that sign join tickets (the controllers' only), for conference nodes.
async fn ticket_keys(State(c): State<Arc<Controller>>) -> Json<plenum_protocol::api::KeySet> {
    Json(plenum_protocol::api::KeySet {
        keys: vec![c.signer.public_jwk()],
    })
}
