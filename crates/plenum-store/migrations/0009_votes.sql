-- Who has voted in which vote: one row per vote and voter, enforced by the primary key, so a
-- voter's second ballot is refused by the database itself (also from a second device, a second
-- node or a restarted one). Holds no choice, no receipt and no time: the ballots are only in the
-- vote's protocol (table `records`), shuffled and stamped with the close time, so nothing links
-- a row here to a ballot there.
CREATE TABLE vote_participation (
    vote_key TEXT NOT NULL,
    voter TEXT NOT NULL,
    PRIMARY KEY (vote_key, voter)
);
