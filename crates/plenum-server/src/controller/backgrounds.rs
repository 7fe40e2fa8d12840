//! A meeting's own background pictures: the owner uploads PNG, JPEG or WebP pictures (checked by
//! their first bytes, never by the declared type), participants' clients fetch them by the room's
//! id, like the room summary. Not the picker or the compositing (the web client does both).

use super::Controller;
use super::auth::Caller;
use super::meetings::{owned, visible};
use crate::error::ApiError;
use crate::secret::random_id;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use plenum_protocol::api::BackgroundPicture;
use plenum_store::BackgroundRecord;
use serde::Deserialize;
use std::sync::Arc;

/// The largest picture accepted.
pub const MAX_BACKGROUND_BYTES: usize = 2 * 1024 * 1024;
/// Pictures per meeting.
pub const MAX_BACKGROUNDS: i64 = 8;
const MAX_NAME_CHARS: usize = 60;

/// The content type of a picture, from its first bytes; `None` for anything else.
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a]) {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

fn view(r: &BackgroundRecord) -> BackgroundPicture {
    BackgroundPicture {
        id: r.id.clone(),
        name: r.name.clone(),
        content_type: r.content_type.clone(),
        size: u64::try_from(r.size).unwrap_or_default(),
    }
}

/// The pictures of the meeting with this record id, for the room summary.
pub(super) async fn of_meeting(
    c: &Controller,
    meeting: &str,
) -> Result<Vec<BackgroundPicture>, ApiError> {
    Ok(c.store
        .backgrounds(meeting)
        .await?
        .iter()
        .map(view)
        .collect())
}

pub(super) async fn list(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<BackgroundPicture>>, ApiError> {
    visible(&c, &caller.user.id, &id).await?;
    Ok(Json(of_meeting(&c, &id).await?))
}

/// `?name=` of an upload.
#[derive(Debug, Deserialize)]
pub(super) struct UploadQuery {
    name: String,
}

pub(super) async fn upload(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path(id): Path<String>,
    query: Result<Query<UploadQuery>, axum::extract::rejection::QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<BackgroundPicture>), ApiError> {
    owned(&c, &caller.user.id, &id).await?;
    let Query(query) = query.map_err(|_| ApiError::field("name", "required"))?;
    let name = query.name.trim();
    if name.is_empty() {
        return Err(ApiError::field("name", "required"));
    }
    if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(ApiError::field(
            "name",
            format!("at most {MAX_NAME_CHARS} characters, no control characters"),
        ));
    }
    let bytes = body?;
    let Some(content_type) = sniff_image(&bytes) else {
        return Err(ApiError::field(
            "image",
            "a PNG, JPEG or WebP picture is needed",
        ));
    };
    let record = BackgroundRecord {
        id: random_id(16),
        meeting_id: id,
        name: name.to_owned(),
        content_type: content_type.to_owned(),
        size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        created_at: crate::unix_millis() as i64,
    };
    if !c
        .store
        .add_background(&record, &bytes, MAX_BACKGROUNDS)
        .await?
    {
        return Err(ApiError::Conflict(format!(
            "a meeting has at most {MAX_BACKGROUNDS} background pictures"
        )));
    }
    tracing::info!(size = bytes.len(), content_type, "background picture added");
    Ok((StatusCode::CREATED, Json(view(&record))))
}

pub(super) async fn delete(
    State(c): State<Arc<Controller>>,
    caller: Caller,
    Path((id, picture)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    owned(&c, &caller.user.id, &id).await?;
    if c.store.delete_background(&id, &picture).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound("background picture"))
    }
}

/// The picture itself, by room: whoever may read the room's summary may see its pictures.
pub(super) async fn image(
    State(c): State<Arc<Controller>>,
    Path((room, picture)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let meeting = c
        .store
        .meeting_by_room(&room)
        .await?
        .ok_or(ApiError::NotFound("background picture"))?;
    let (content_type, bytes) = c
        .store
        .background_image(&meeting.id, &picture)
        .await?
        .ok_or(ApiError::NotFound("background picture"))?;
    let content_type = HeaderValue::from_str(&content_type)
        .map_err(|_| ApiError::Internal("stored content type".into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=3600"),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::sniff_image;
    use proptest::prelude::*;

    #[test]
    fn pictures_are_known_by_their_first_bytes() {
        assert_eq!(
            sniff_image(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some("image/png")
        );
        assert_eq!(
            sniff_image(b"\xff\xd8\xff\xe0\0\x10JFIF"),
            Some("image/jpeg")
        );
        assert_eq!(sniff_image(b"RIFF\x24\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(
            sniff_image(b"<svg xmlns='http://www.w3.org/2000/svg'>"),
            None
        );
        assert_eq!(sniff_image(b"GIF89a"), None);
        assert_eq!(sniff_image(b"RIFF"), None);
        assert_eq!(sniff_image(b""), None);
    }

    proptest! {
        #[test]
        fn only_the_signature_decides(rest in proptest::collection::vec(any::<u8>(), 0..64)) {
            let png = [b"\x89PNG\r\n\x1a\n".as_slice(), &rest].concat();
            prop_assert_eq!(sniff_image(&png), Some("image/png"));
            let other = [b"<".as_slice(), &rest].concat();
            prop_assert_eq!(sniff_image(&other), None);
        }
    }
}
