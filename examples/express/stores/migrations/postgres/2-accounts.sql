-- Version 2: accounts with a password, server-side sessions, a TOTP secret
-- that is pending until confirmed, recovery codes, throttle windows.
-- (PostgreSQL support starts at version 2; version 1 existed only in SQLite.)
CREATE TABLE users (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email           text NOT NULL UNIQUE,     -- trimmed and lowercased
  password_hash   text NOT NULL,            -- argon2id, PHC string
  created_at      bigint NOT NULL,          -- ms since the epoch, as every time here
  totp_secret     bytea,                    -- active secret: iv || tag || AES-256-GCM, AAD "user:<id>"
  totp_last_step  bigint,                   -- highest time step accepted for it
  totp_enabled_at bigint,
  totp_pending    bytea,                    -- scanned but not yet confirmed by a code
  totp_pending_at bigint
);

CREATE TABLE recovery_codes (
  user_id   integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash bytea NOT NULL,                 -- HMAC-SHA256 under a key derived from the secrets key
  used_at   bigint,
  PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE sessions (
  id_hash    bytea PRIMARY KEY,             -- SHA-256 of the cookie's token
  user_id    integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  stage      text NOT NULL CHECK (stage IN ('password', 'full')),
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE throttles (
  key          text PRIMARY KEY,            -- e.g. 'second-factor:42', 'sign-in-address:203.0.113.9'
  window_start bigint NOT NULL,
  count        integer NOT NULL
);

CREATE TABLE settings (
  name  text PRIMARY KEY,
  value text NOT NULL
);
