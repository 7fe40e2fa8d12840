-- Rooms: the permanent identity behind a room link (/r/<id>).
CREATE TABLE rooms (
    id TEXT PRIMARY KEY,
    -- Milliseconds since the Unix epoch.
    created_at BIGINT NOT NULL
);
