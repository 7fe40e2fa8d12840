-- What is prepared with a meeting and started in it with one click: polls and breakout-room
-- set-ups (`kind`). The definition is the JSON the API takes (checked by the controller).
CREATE TABLE meeting_prepared (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX meeting_prepared_meeting ON meeting_prepared (meeting_id, kind, created_at);
