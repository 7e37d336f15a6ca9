-- Version 3: what a hash was made of, the account's choice of e-mailed
-- codes, and the step of the code mailed to a half-signed session. Columns
-- only, with defaults: instances of version 2 keep running on it.
ALTER TABLE users ADD COLUMN password_normalized boolean NOT NULL DEFAULT false; -- true: hash of the NFKC form; false: as typed (version 2 wrote these)
ALTER TABLE users ADD COLUMN email_codes boolean NOT NULL DEFAULT true;          -- the account accepts codes sent by e-mail
ALTER TABLE sessions ADD COLUMN mailed_step bigint;                              -- half-signed: the step of the code last mailed to it
