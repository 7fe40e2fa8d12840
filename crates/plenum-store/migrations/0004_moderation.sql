-- Ad-hoc rooms get an owner: the hash of the secret handed to the creating browser, and the
-- account that created the room, if any.
ALTER TABLE rooms ADD COLUMN owner_key_hash TEXT;
ALTER TABLE rooms ADD COLUMN created_by TEXT;

-- waiting_room: 0 off, 1 guests, 2 everyone (was 0/1 for off/on: "on" becomes "guests").
ALTER TABLE meetings ADD COLUMN mute_on_entry BIGINT NOT NULL DEFAULT 0;

-- Results that outlive a conference (meeting reports, later vote protocols, …), stored by the
-- node under an idempotent key.
CREATE TABLE records (
    record_key TEXT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    room_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    ended_at BIGINT,
    participants BIGINT NOT NULL,
    body TEXT NOT NULL,
    stored_at BIGINT NOT NULL
);
CREATE INDEX records_room ON records (room_id, started_at);
