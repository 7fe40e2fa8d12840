//! The controller's REST API through the real router.

mod common;

use axum::http::StatusCode;
use common::server_with;
use serde_json::json;

#[tokio::test]
async fn rooms_are_created_found_and_issue_tickets() {
    let s = common::server().await;
    let room = s.create_room().await;
    assert!(room.as_str().len() >= 20, "at least 96 random bits");
    let (status, body) = s
        .request("GET", &format!("/api/v1/rooms/{room}"), None)
        .await;
    assert_eq!(
        (status, body["id"].as_str()),
        (StatusCode::OK, Some(room.as_str()))
    );
    let t = s.ticket(&room, "  Ada  ").await;
    assert_eq!(t.ws_url, format!("/node/v1/rooms/{room}/ws"));
    assert_eq!(t.expires_in, 30);
    assert_eq!(t.ticket.split('.').count(), 3, "a compact JWT");
    s.running.stop().await;
}

#[tokio::test]
async fn errors_are_json_and_name_the_field() {
    let s = common::server().await;
    let room = s.create_room().await;
    let (status, body) = s
        .request(
            "POST",
            &format!("/api/v1/rooms/{room}/tickets"),
            Some(json!({"display_name": " "})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "invalid_request");
    assert_eq!(body["error"]["field"], "display_name");
    let (status, body) = s
        .request(
            "POST",
            &format!("/api/v1/rooms/{room}/tickets"),
            Some(json!({"name": "x"})),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_request"))
    );
    for path in ["/api/v1/rooms/doesnotexist", "/api/v1/rooms/BAD%20ID"] {
        let (status, body) = s.request("GET", path, None).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::NOT_FOUND, Some("not_found")),
            "{path}"
        );
    }
    let (status, _) = s
        .request(
            "POST",
            "/api/v1/rooms/doesnotexist/tickets",
            Some(json!({"display_name": "Ada"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let huge = "x".repeat(20_000);
    let (status, _) = s
        .request(
            "POST",
            &format!("/api/v1/rooms/{room}/tickets"),
            Some(json!({"display_name": huge})),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    s.running.stop().await;
}

#[tokio::test]
async fn anonymous_rooms_can_be_switched_off() {
    let s = server_with(|c| c.allow_anonymous_rooms = false).await;
    let (status, body) = s.request("POST", "/api/v1/rooms", None).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );
    s.running.stop().await;
}

#[tokio::test]
async fn web_client_routes_fall_back_to_the_app_with_security_headers() {
    let s = common::server().await;
    let resp = tower::ServiceExt::oneshot(
        s.running.router(),
        axum::http::Request::get("/r/someroom")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        resp.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
    let (status, _) = s.request("GET", "/missing.js", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    s.running.stop().await;
}

#[tokio::test]
async fn the_openapi_document_matches_the_router() {
    let s = common::server().await;
    let (status, doc) = s.request("GET", "/api/v1/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    let text = doc.to_string();
    // Every reference resolves.
    for piece in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = piece.split('"').next().unwrap();
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "missing schema {name}"
        );
    }
    // Every documented operation is routed: neither axum's empty 404 nor 405.
    let mut count = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, _) in item.as_object().unwrap() {
            let concrete: String = path
                .split('/')
                .map(|seg| if seg.starts_with('{') { "x" } else { seg })
                .collect::<Vec<_>>()
                .join("/");
            let req = axum::http::Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(&concrete)
                .header("content-type", "application/json")
                .body(axum::body::Body::from("{}"))
                .unwrap();
            let resp = tower::ServiceExt::oneshot(s.running.router(), req)
                .await
                .unwrap();
            let code = resp.status();
            let body = http_body_util::BodyExt::collect(resp.into_body())
                .await
                .unwrap()
                .to_bytes();
            assert!(
                code != StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path} is not routed"
            );
            assert!(
                !(code == StatusCode::NOT_FOUND && body.is_empty()),
                "{method} {path} is not routed"
            );
            count += 1;
        }
    }
    assert!(count >= 45, "{count} operations");
    let resp = tower::ServiceExt::oneshot(
        s.running.router(),
        axum::http::Request::get("/api/docs/")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let page = http_body_util::BodyExt::collect(resp.into_body())
        .await
        .unwrap()
        .to_bytes();
    assert!(
        String::from_utf8_lossy(&page).contains("swagger-ui"),
        "browsable documentation"
    );
    let (status, body) = s.request("GET", "/api/v1/no-such-thing", None).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    s.running.stop().await;
}
