//! The OpenAPI 3.1 document of `/api/v1`, generated from the wire types (their schemas are
//! derived in `plenum-protocol`) and one table of operations. A test checks that every operation
//! in the table is routed, so the document cannot drift from the router unnoticed.

use plenum_protocol::api::*;
use std::borrow::Cow;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, PathItem,
    PathsBuilder, Ref, RefOr, Required, ResponseBuilder, schema::Schema,
};
use utoipa::{PartialSchema, ToSchema};

/// Who may call an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone.
    Public,
    /// Signed in (session, API token or provider token).
    Authenticated,
}

/// A body type: its schema name, the schema, and every schema it refers to.
pub struct Body {
    name: Cow<'static, str>,
    schema: RefOr<Schema>,
    nested: Vec<(String, RefOr<Schema>)>,
    list: bool,
}

/// The body `T`.
pub fn body<T: ToSchema>() -> Option<Body> {
    let mut nested = Vec::new();
    T::schemas(&mut nested);
    Some(Body {
        name: T::name(),
        schema: T::schema(),
        nested,
        list: false,
    })
}

/// A JSON array of `T`.
pub fn list<T: ToSchema>() -> Option<Body> {
    body::<T>().map(|b| Body { list: true, ..b })
}

/// One documented operation.
pub struct Operation {
    /// HTTP method.
    pub method: &'static str,
    /// Path with `{params}`.
    pub path: &'static str,
    /// Group in the browsable documentation.
    pub tag: &'static str,
    /// One line.
    pub summary: &'static str,
    /// Who may call it.
    pub access: Access,
    /// Request body.
    pub request: Option<Body>,
    /// Success status.
    pub status: u16,
    /// Success body.
    pub response: Option<Body>,
}

#[allow(clippy::too_many_arguments, reason = "one row of the operation table")]
fn op(
    method: &'static str,
    path: &'static str,
    tag: &'static str,
    summary: &'static str,
    access: Access,
    request: Option<Body>,
    status: u16,
    response: Option<Body>,
) -> Operation {
    Operation {
        method,
        path,
        tag,
        summary,
        access,
        request,
        status,
        response,
    }
}

/// Every operation of `/api/v1`.
pub fn operations() -> Vec<Operation> {
    use Access::{Authenticated as A, Public as P};
    vec![
        op(
            "GET",
            "/api/v1/keys",
            "auth",
            "Every key that may have signed something of this installation (a JSON Web Key Set): the controllers' first, then conference nodes' protocol keys; for checking vote protocols",
            P,
            None,
            200,
            body::<KeySet>(),
        ),
        op(
            "GET",
            "/api/v1/keys/tickets",
            "auth",
            "The keys that sign join tickets (`kid` as in a ticket's header): the controllers' only",
            P,
            None,
            200,
            body::<KeySet>(),
        ),
        op(
            "GET",
            "/api/v1/auth/config",
            "auth",
            "How people can sign in here",
            P,
            None,
            200,
            body::<AuthConfig>(),
        ),
        op(
            "POST",
            "/api/v1/auth/setup",
            "auth",
            "Create the first administrator (only while no account exists)",
            P,
            body::<SetupRequest>(),
            200,
            body::<Me>(),
        ),
        op(
            "POST",
            "/api/v1/auth/login",
            "auth",
            "Sign in with e-mail, password and, if on, the two-factor code; sets the session cookie",
            P,
            body::<LoginRequest>(),
            200,
            body::<Me>(),
        ),
        op(
            "POST",
            "/api/v1/auth/logout",
            "auth",
            "End the session",
            P,
            None,
            204,
            None,
        ),
        op(
            "POST",
            "/api/v1/auth/password-reset",
            "auth",
            "Mail a password-reset link",
            P,
            body::<PasswordResetRequest>(),
            202,
            None,
        ),
        op(
            "POST",
            "/api/v1/auth/password-reset/confirm",
            "auth",
            "Set a new password with the mailed token",
            P,
            body::<PasswordResetConfirm>(),
            204,
            None,
        ),
        op(
            "GET",
            "/api/v1/auth/oidc/login",
            "auth",
            "Start signing in at the OpenID provider (redirect)",
            P,
            None,
            303,
            None,
        ),
        op(
            "GET",
            "/api/v1/auth/oidc/callback",
            "auth",
            "Return from the OpenID provider (redirect)",
            P,
            None,
            303,
            None,
        ),
        op(
            "GET",
            "/api/v1/me",
            "me",
            "The signed-in user",
            A,
            None,
            200,
            body::<Me>(),
        ),
        op(
            "PATCH",
            "/api/v1/me",
            "me",
            "Change display name or language",
            A,
            body::<UpdateMe>(),
            200,
            body::<Me>(),
        ),
        op(
            "POST",
            "/api/v1/me/password",
            "me",
            "Change the password",
            A,
            body::<ChangePassword>(),
            204,
            None,
        ),
        op(
            "POST",
            "/api/v1/me/totp",
            "me",
            "Start enrolling an authenticator app",
            A,
            None,
            200,
            body::<TotpEnrollment>(),
        ),
        op(
            "DELETE",
            "/api/v1/me/totp",
            "me",
            "Switch two-factor authentication off",
            A,
            body::<TotpCode>(),
            204,
            None,
        ),
        op(
            "POST",
            "/api/v1/me/totp/confirm",
            "me",
            "Confirm enrolment with a code; returns recovery codes once",
            A,
            body::<TotpCode>(),
            200,
            body::<RecoveryCodes>(),
        ),
        op(
            "GET",
            "/api/v1/me/tokens",
            "me",
            "Personal API tokens",
            A,
            None,
            200,
            list::<ApiTokenInfo>(),
        ),
        op(
            "POST",
            "/api/v1/me/tokens",
            "me",
            "Create a personal API token (the secret is shown once)",
            A,
            body::<CreateToken>(),
            201,
            body::<CreatedToken>(),
        ),
        op(
            "DELETE",
            "/api/v1/me/tokens/{id}",
            "me",
            "Revoke a token",
            A,
            None,
            204,
            None,
        ),
        op(
            "GET",
            "/api/v1/users",
            "users",
            "Search the address book (`q`, `cursor`, `limit`)",
            A,
            None,
            200,
            body::<UserPage>(),
        ),
        op(
            "PUT",
            "/api/v1/users/{id}/favourite",
            "users",
            "Mark a contact as favourite",
            A,
            None,
            204,
            None,
        ),
        op(
            "DELETE",
            "/api/v1/users/{id}/favourite",
            "users",
            "Unmark a favourite contact",
            A,
            None,
            204,
            None,
        ),
        op(
            "GET",
            "/api/v1/admin/usage",
            "admin",
            "Participant-minutes per room and owner of the conferences that began in ?from=…&to=… (RFC 3339) and ended (administrators)",
            A,
            None,
            200,
            body::<UsageReport>(),
        ),
        op(
            "GET",
            "/api/v1/admin/users",
            "admin",
            "All users (administrators)",
            A,
            None,
            200,
            body::<AdminUserPage>(),
        ),
        op(
            "POST",
            "/api/v1/admin/users",
            "admin",
            "Create a local account (administrators)",
            A,
            body::<CreateUser>(),
            201,
            body::<AdminUser>(),
        ),
        op(
            "PATCH",
            "/api/v1/admin/users/{id}",
            "admin",
            "Change role, name or block sign-in (administrators)",
            A,
            body::<UpdateUser>(),
            200,
            body::<AdminUser>(),
        ),
        op(
            "DELETE",
            "/api/v1/admin/users/{id}",
            "admin",
            "Delete an account (administrators)",
            A,
            None,
            204,
            None,
        ),
        op(
            "GET",
            "/api/v1/dashboard",
            "meetings",
            "Today, upcoming, invitations, favourites and recurring meetings (`tz`)",
            A,
            None,
            200,
            body::<Dashboard>(),
        ),
        op(
            "GET",
            "/api/v1/meetings",
            "meetings",
            "Meetings (`filter` mine|invited|all, `cursor`, `limit`)",
            A,
            None,
            200,
            body::<MeetingPage>(),
        ),
        op(
            "POST",
            "/api/v1/meetings",
            "meetings",
            "Plan a meeting",
            A,
            body::<MeetingInput>(),
            201,
            body::<Meeting>(),
        ),
        op(
            "GET",
            "/api/v1/meetings/occurrences",
            "meetings",
            "Occurrences between `from` and `to` (RFC 3339, at most 100 days)",
            A,
            None,
            200,
            list::<Occurrence>(),
        ),
        op(
            "GET",
            "/api/v1/meetings/{id}",
            "meetings",
            "One meeting (owner and invitees)",
            A,
            None,
            200,
            body::<Meeting>(),
        ),
        op(
            "PUT",
            "/api/v1/meetings/{id}",
            "meetings",
            "Change a meeting (owner); invitees are mailed",
            A,
            body::<MeetingInput>(),
            200,
            body::<Meeting>(),
        ),
        op(
            "DELETE",
            "/api/v1/meetings/{id}",
            "meetings",
            "Delete a meeting (owner)",
            A,
            None,
            204,
            None,
        ),
        op(
            "PUT",
            "/api/v1/meetings/{id}/occurrences/{original_start}",
            "meetings",
            "Cancel or move one occurrence (owner)",
            A,
            body::<OccurrenceChange>(),
            200,
            body::<Meeting>(),
        ),
        op(
            "DELETE",
            "/api/v1/meetings/{id}/occurrences/{original_start}",
            "meetings",
            "Undo the change of one occurrence (owner)",
            A,
            None,
            200,
            body::<Meeting>(),
        ),
        op(
            "PUT",
            "/api/v1/meetings/{id}/favourite",
            "meetings",
            "Mark as favourite",
            A,
            None,
            204,
            None,
        ),
        op(
            "DELETE",
            "/api/v1/meetings/{id}/favourite",
            "meetings",
            "Unmark as favourite",
            A,
            None,
            204,
            None,
        ),
        op(
            "GET",
            "/api/v1/meetings/{id}/invitations",
            "invitations",
            "Invitations (owner, moderators)",
            A,
            None,
            200,
            list::<Invitation>(),
        ),
        op(
            "POST",
            "/api/v1/meetings/{id}/invitations",
            "invitations",
            "Invite users and e-mail addresses (owner); mails with .ics",
            A,
            body::<NewInvitations>(),
            201,
            list::<Invitation>(),
        ),
        op(
            "DELETE",
            "/api/v1/meetings/{id}/invitations/{invitation}",
            "invitations",
            "Revoke an invitation (owner)",
            A,
            None,
            204,
            None,
        ),
        op(
            "POST",
            "/api/v1/meetings/{id}/invitation/response",
            "invitations",
            "Accept or decline one's invitation",
            A,
            body::<InvitationAnswer>(),
            204,
            None,
        ),
        op(
            "GET",
            "/api/v1/meetings/{id}/guest-links",
            "invitations",
            "Guest links (owner, moderators)",
            A,
            None,
            200,
            list::<GuestLink>(),
        ),
        op(
            "POST",
            "/api/v1/meetings/{id}/guest-links",
            "invitations",
            "Create a guest link (the link is shown once)",
            A,
            body::<NewGuestLink>(),
            201,
            body::<GuestLink>(),
        ),
        op(
            "GET",
            "/api/v1/meetings/{id}/backgrounds",
            "meetings",
            "The meeting's own background pictures (anyone who sees the meeting)",
            A,
            None,
            200,
            list::<BackgroundPicture>(),
        ),
        op(
            "POST",
            "/api/v1/meetings/{id}/backgrounds",
            "meetings",
            "Add a background picture (owner): the body is the PNG, JPEG or WebP file (at most 2 MiB, 8 per meeting), `?name=` what participants see",
            A,
            None,
            201,
            body::<BackgroundPicture>(),
        ),
        op(
            "DELETE",
            "/api/v1/meetings/{id}/backgrounds/{picture}",
            "meetings",
            "Remove a background picture (owner)",
            A,
            None,
            204,
            None,
        ),
        op(
            "GET",
            "/api/v1/meetings/{id}/polls",
            "polls",
            "The meeting's prepared polls (owner, moderators)",
            A,
            None,
            200,
            list::<PreparedPoll>(),
        ),
        op(
            "POST",
            "/api/v1/meetings/{id}/polls",
            "polls",
            "Prepare a poll (owner; at most 50 per meeting)",
            A,
            body::<plenum_protocol::polls::PollDefinition>(),
            201,
            body::<PreparedPoll>(),
        ),
        op(
            "PUT",
            "/api/v1/meetings/{id}/polls/{item}",
            "polls",
            "Change a prepared poll (owner)",
            A,
            body::<plenum_protocol::polls::PollDefinition>(),
            200,
            body::<PreparedPoll>(),
        ),
        op(
            "DELETE",
            "/api/v1/meetings/{id}/polls/{item}",
            "polls",
            "Remove a prepared poll (owner)",
            A,
            None,
            204,
            None,
        ),
        op(
            "GET",
            "/api/v1/meetings/{id}/breakout-setups",
            "breakout",
            "The meeting's breakout set-ups (owner, moderators)",
            A,
            None,
            200,
            list::<PreparedBreakout>(),
        ),
        op(
            "POST",
            "/api/v1/meetings/{id}/breakout-setups",
            "breakout",
            "Prepare a breakout set-up (owner; at most 50 per meeting)",
            A,
            body::<plenum_protocol::breakout::BreakoutSetup>(),
            201,
            body::<PreparedBreakout>(),
        ),
        op(
            "PUT",
            "/api/v1/meetings/{id}/breakout-setups/{item}",
            "breakout",
            "Change a breakout set-up (owner)",
            A,
            body::<plenum_protocol::breakout::BreakoutSetup>(),
            200,
            body::<PreparedBreakout>(),
        ),
        op(
            "DELETE",
            "/api/v1/meetings/{id}/breakout-setups/{item}",
            "breakout",
            "Remove a breakout set-up (owner)",
            A,
            None,
            204,
            None,
        ),
        op(
            "DELETE",
            "/api/v1/meetings/{id}/guest-links/{link}",
            "invitations",
            "Revoke a guest link",
            A,
            None,
            204,
            None,
        ),
        op(
            "POST",
            "/api/v1/rooms",
            "rooms",
            "Create an ad-hoc room",
            P,
            None,
            201,
            body::<RoomCreated>(),
        ),
        op(
            "GET",
            "/api/v1/rooms/{id}",
            "rooms",
            "A room's title, who may join it, its simple mode and background pictures",
            P,
            None,
            200,
            body::<RoomSummary>(),
        ),
        op(
            "POST",
            "/api/v1/rooms/{id}/tickets",
            "rooms",
            "A signed, single-use join ticket for the room's node",
            P,
            body::<TicketRequest>(),
            200,
            body::<TicketGranted>(),
        ),
        op(
            "GET",
            "/api/v1/rooms/{id}/polls",
            "polls",
            "The prepared polls of the room's meeting, for starting them in the meeting (owner, moderators; empty for an ad-hoc room)",
            A,
            None,
            200,
            list::<PreparedPoll>(),
        ),
        op(
            "GET",
            "/api/v1/rooms/{id}/breakout-setups",
            "breakout",
            "The breakout set-ups of the room's meeting, for using them in the meeting (owner, moderators; empty for an ad-hoc room)",
            A,
            None,
            200,
            list::<PreparedBreakout>(),
        ),
        op(
            "GET",
            "/api/v1/rooms/{id}/backgrounds/{picture}",
            "rooms",
            "A background picture of the room's meeting (the image itself)",
            P,
            None,
            200,
            None,
        ),
        op(
            "GET",
            "/api/v1/meetings/{id}/votes",
            "votes",
            "The meeting's prepared votes (owner, moderators)",
            A,
            None,
            200,
            list::<PreparedVote>(),
        ),
        op(
            "POST",
            "/api/v1/meetings/{id}/votes",
            "votes",
            "Prepare a vote (owner; at most 50 per meeting)",
            A,
            body::<plenum_protocol::votes::VoteDefinition>(),
            201,
            body::<PreparedVote>(),
        ),
        op(
            "PUT",
            "/api/v1/meetings/{id}/votes/{item}",
            "votes",
            "Change a prepared vote (owner)",
            A,
            body::<plenum_protocol::votes::VoteDefinition>(),
            200,
            body::<PreparedVote>(),
        ),
        op(
            "DELETE",
            "/api/v1/meetings/{id}/votes/{item}",
            "votes",
            "Remove a prepared vote (owner)",
            A,
            None,
            204,
            None,
        ),
        op(
            "GET",
            "/api/v1/rooms/{id}/votes",
            "votes",
            "The prepared votes of the room's meeting, for starting them in the meeting (owner, moderators; empty for an ad-hoc room)",
            A,
            None,
            200,
            list::<PreparedVote>(),
        ),
        op(
            "GET",
            "/api/v1/votes",
            "votes",
            "Stored vote protocols the caller may read, newest first (`?room=` for one room)",
            A,
            None,
            200,
            list::<VoteSummary>(),
        ),
        op(
            "GET",
            "/api/v1/votes/{id}",
            "votes",
            "A vote's signed protocol as JSON (hash chain; check it with `plenum vote verify`)",
            A,
            None,
            200,
            body::<plenum_protocol::votes::VoteProtocol>(),
        ),
        op(
            "GET",
            "/api/v1/votes/{id}/pdf",
            "votes",
            "A vote's protocol as a PDF report (application/pdf)",
            A,
            None,
            200,
            None,
        ),
        op(
            "GET",
            "/api/v1/reports",
            "reports",
            "Meeting reports the caller may read, newest first (`?room=` for one room)",
            A,
            None,
            200,
            list::<ReportSummary>(),
        ),
        op(
            "GET",
            "/api/v1/reports/{id}",
            "reports",
            "A meeting report: attendance and speaking time per person",
            A,
            None,
            200,
            body::<MeetingReport>(),
        ),
        op(
            "GET",
            "/api/v1/reports/{id}/csv",
            "reports",
            "A meeting report as CSV (text/csv)",
            A,
            None,
            200,
            None,
        ),
        op(
            "GET",
            "/api/v1/reports/{id}/chat",
            "reports",
            "The chat's messages to everyone in that conference, as text (text/plain)",
            A,
            None,
            200,
            None,
        ),
    ]
}

/// Pages are generic in the wire types; the document names each instance.
macro_rules! page {
    ($name:ident, $item:ty) => {
        /// A page of items.
        pub struct $name;
        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .property(
                        "items",
                        utoipa::openapi::ArrayBuilder::new()
                            .items(Ref::from_schema_name(<$item as ToSchema>::name())),
                    )
                    .required("items")
                    .property(
                        "next_cursor",
                        utoipa::openapi::ObjectBuilder::new()
                            .schema_type(utoipa::openapi::schema::Type::String),
                    )
                    .into()
            }
        }
        impl ToSchema for $name {
            fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
                schemas.push((
                    <$item as ToSchema>::name().into_owned(),
                    <$item as PartialSchema>::schema(),
                ));
                <$item as ToSchema>::schemas(schemas);
            }
        }
    };
}
page!(UserPage, UserSummary);
page!(AdminUserPage, AdminUser);
page!(MeetingPage, Meeting);

fn method(m: &str) -> HttpMethod {
    match m {
        "POST" => HttpMethod::Post,
        "PUT" => HttpMethod::Put,
        "PATCH" => HttpMethod::Patch,
        "DELETE" => HttpMethod::Delete,
        _ => HttpMethod::Get,
    }
}

fn json(b: &Body) -> utoipa::openapi::Content {
    let reference: RefOr<Schema> = Ref::from_schema_name(b.name.clone()).into();
    let schema: RefOr<Schema> = if b.list {
        utoipa::openapi::ArrayBuilder::new().items(reference).into()
    } else {
        reference
    };
    ContentBuilder::new().schema(Some(schema)).build()
}

/// What every caller needs before the operations (Markdown, shown at `/api/docs`).
const DESCRIPTION: &str = "\
Everything Plenum's web client does is one of these calls. Bodies are JSON. This document is \
also served as [/api/v1/openapi.json](/api/v1/openapi.json) for code generators.

**Authentication.** A browser session (the `plenum_session` cookie set by `POST /api/v1/auth/login` \
or single sign-on); requests that change something with the cookie also send the header \
`X-Plenum-CSRF: 1`. Or `Authorization: Bearer <token>` with a personal API token (create one \
under *Settings* in the web client; scopes `read`, `write`) or an access token of the configured \
OpenID provider. Without valid authentication, operations that need it answer `401`; another \
person's meeting answers `404`, so ids cannot be probed.

**Errors.** Always `{\"error\": {\"code\", \"message\", \"field\"}}` with a stable `code` \
(`invalid_request`, `unauthorized`, `totp_required`, `forbidden`, `not_found`, `conflict`, \
`rate_limited`, `internal`); `field` names the request field at fault. Bodies larger than \
16 KiB answer `413` (background pictures: 2 MiB). Sign-in, password reset, invitations and \
tickets are rate limited per client address (`429`).

**Pagination.** Lists answer `{\"items\": [...], \"next_cursor\": \"...\"}`; pass \
`?cursor=<next_cursor>` (and `limit`, at most 100) for the next page.

**Joining a meeting.** `POST /api/v1/rooms/{id}/tickets` answers a signed, single-use ticket and \
the WebSocket address of the room's conference node; the signaling protocol spoken there is \
described in Plenum's protocol documentation (`docs/protocol/` in the source distribution).";

/// The document.
pub fn document() -> OpenApi {
    let error: RefOr<Schema> = Ref::from_schema_name("ApiError").into();
    let mut components = ComponentsBuilder::new()
        .schema("ApiError", ApiError::schema())
        .schema("ApiErrorBody", ApiErrorBody::schema())
        .schema("ErrorCode", plenum_protocol::ErrorCode::schema())
        .security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "plenum_session",
                "Browser session; changes also need the header X-Plenum-CSRF: 1",
            ))),
        )
        .security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "Personal API token or the identity provider's access token",
                    ))
                    .build(),
            ),
        );
    let mut paths: Vec<(&str, HttpMethod, utoipa::openapi::path::Operation)> = Vec::new();
    for o in operations() {
        let mut b = OperationBuilder::new()
            .tag(o.tag)
            .summary(Some(o.summary))
            .operation_id(Some(format!("{} {}", o.method, o.path)));
        for segment in o.path.split('/').filter(|s| s.starts_with('{')) {
            b = b.parameter(
                ParameterBuilder::new()
                    .name(segment.trim_matches(['{', '}']))
                    .parameter_in(ParameterIn::Path)
                    .required(Required::True),
            );
        }
        for body in o.request.iter().chain(o.response.iter()) {
            components = components.schema(body.name.clone(), body.schema.clone());
            for (name, schema) in &body.nested {
                components = components.schema(name.clone(), schema.clone());
            }
        }
        if let Some(r) = &o.request {
            b = b.request_body(Some(
                RequestBodyBuilder::new()
                    .content("application/json", json(r))
                    .required(Some(Required::True))
                    .build(),
            ));
        }
        let mut ok = ResponseBuilder::new().description("success");
        if let Some(r) = &o.response {
            ok = ok.content("application/json", json(r));
        }
        b = b.response(o.status.to_string(), ok.build());
        b = b.response(
            "default",
            ResponseBuilder::new()
                .description("error")
                .content(
                    "application/json",
                    ContentBuilder::new().schema(Some(error.clone())).build(),
                )
                .build(),
        );
        if o.access == Access::Authenticated {
            b = b.securities(Some([
                SecurityRequirement::new("session", Vec::<String>::new()),
                SecurityRequirement::new("bearer", Vec::<String>::new()),
            ]));
        }
        paths.push((o.path, method(o.method), b.build()));
    }
    let mut builder = PathsBuilder::new();
    let mut grouped: std::collections::BTreeMap<
        &str,
        Vec<(HttpMethod, utoipa::openapi::path::Operation)>,
    > = Default::default();
    for (path, m, operation) in paths {
        grouped.entry(path).or_default().push((m, operation));
    }
    for (path, ops) in grouped {
        let mut item: Option<PathItem> = None;
        for (m, operation) in ops {
            match item.as_mut() {
                None => item = Some(PathItem::new(m, operation)),
                Some(i) => i.merge_operations(PathItem::new(m, operation)),
            }
        }
        if let Some(i) = item {
            builder = builder.path(path, i);
        }
    }
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Plenum API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(DESCRIPTION))
                .build(),
        )
        .paths(builder.build())
        .components(Some(components.build()))
        .build()
}
