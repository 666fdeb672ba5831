-- What the consent page shows of an app besides its name.
ALTER TABLE app ADD COLUMN description TEXT;
ALTER TABLE app ADD COLUMN logo_url TEXT;
