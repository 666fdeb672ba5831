-- Issue #13 item 4: an operator marks an app first-party so seed 000 may prompt a user who never authorized it
-- (the seed's case of an app used inside the platform); every other app prompts only users who authorized it.
ALTER TABLE app ADD COLUMN prompt_first_party BOOLEAN NOT NULL DEFAULT false;
