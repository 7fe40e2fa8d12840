-- The organiser's simple mode for a meeting (big controls for everyone but the chairs).
ALTER TABLE meetings ADD COLUMN simple_mode BIGINT NOT NULL DEFAULT 0;

-- A meeting's own background pictures: when a meeting has some, participants choose from these.
CREATE TABLE meeting_backgrounds (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    image BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX meeting_backgrounds_meeting ON meeting_backgrounds (meeting_id, created_at);
