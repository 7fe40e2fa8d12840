-- Accounting: the participant-milliseconds of a meeting report (the sum of everyone's time
-- inside), so that usage per meeting and per owner is a sum over rows, not over JSON bodies.
-- Reports stored before this migration count 0.
ALTER TABLE records ADD COLUMN participant_ms BIGINT NOT NULL DEFAULT 0;
CREATE INDEX records_kind_started ON records (kind, started_at);
