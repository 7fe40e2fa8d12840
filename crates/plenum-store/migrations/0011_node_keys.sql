-- The protocol signing keys of conference nodes that run apart from the controllers, as JSON
-- Web Keys, so that vote protocols they signed stay verifiable against GET /api/v1/keys after
-- the node is gone. Never used to check tickets.
CREATE TABLE node_keys (
    kid TEXT PRIMARY KEY,
    node TEXT NOT NULL,
    jwk TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
