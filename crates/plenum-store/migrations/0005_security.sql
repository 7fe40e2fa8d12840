-- The first-run setup claims this single row in the same transaction that creates the first
-- account, so that of several concurrent setups exactly one succeeds.
CREATE TABLE first_run (id BIGINT PRIMARY KEY);

-- When an ad-hoc room was last entered (ms); unused rooms are deleted after a while.
ALTER TABLE rooms ADD COLUMN last_used_at BIGINT;
