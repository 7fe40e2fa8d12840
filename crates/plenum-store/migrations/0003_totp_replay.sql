-- The last accepted TOTP time step per user: a code is accepted once (RFC 6238, section 5.2).
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
