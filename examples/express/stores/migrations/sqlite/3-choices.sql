-- Version 3: what a hash was made of, the account's choice of e-mailed
-- codes, and the step of the code mailed to a half-signed session. Columns
-- only, with defaults: instances of version 2 keep running on it.
ALTER TABLE users ADD COLUMN password_normalized INTEGER NOT NULL DEFAULT 0; -- 1: hash of the NFKC form; 0: as typed (version 2 wrote these)
ALTER TABLE users ADD COLUMN email_codes INTEGER NOT NULL DEFAULT 1;         -- 1: the account accepts codes sent by e-mail
ALTER TABLE sessions ADD COLUMN mailed_step INTEGER;                         -- half-signed: the step of the code last mailed to it
