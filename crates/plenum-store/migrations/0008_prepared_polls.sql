-- Polls prepared with a meeting: moderators start them in the meeting with one click. The
-- definition is the poll's JSON as the API takes it (checked by the controller).
CREATE TABLE meeting_polls (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    definition TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX meeting_polls_meeting ON meeting_polls (meeting_id, created_at);
