-- Version 2: accounts with a password, server-side sessions, a TOTP secret
-- that is pending until confirmed, recovery codes, throttle windows.
-- Version 1's tables held enrollments that anyone could have made for any
-- address (there was no first factor), so none is carried over.
DROP TABLE IF EXISTS enrollments;
DROP TABLE IF EXISTS attempts;

CREATE TABLE users (
  id              INTEGER PRIMARY KEY,
  email           TEXT NOT NULL UNIQUE,     -- trimmed and lowercased
  password_hash   TEXT NOT NULL,            -- argon2id, PHC string
  created_at      INTEGER NOT NULL,         -- ms since the epoch, as every time here
  totp_secret     BLOB,                     -- active secret: iv || tag || AES-256-GCM, AAD "user:<id>"
  totp_last_step  INTEGER,                  -- highest time step accepted for it
  totp_enabled_at INTEGER,
  totp_pending    BLOB,                     -- scanned but not yet confirmed by a code
  totp_pending_at INTEGER
) STRICT;

CREATE TABLE recovery_codes (
  user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash BLOB NOT NULL,                  -- HMAC-SHA256 under a key derived from the secrets key
  used_at   INTEGER,
  PRIMARY KEY (user_id, code_hash)
) STRICT;

CREATE TABLE sessions (
  id_hash    BLOB PRIMARY KEY,              -- SHA-256 of the cookie's token
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  stage      TEXT NOT NULL CHECK (stage IN ('password', 'full')),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE throttles (
  key          TEXT PRIMARY KEY,            -- e.g. "second-factor:42", "sign-in-address:203.0.113.9"
  window_start INTEGER NOT NULL,
  count        INTEGER NOT NULL
) STRICT;

CREATE TABLE settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
