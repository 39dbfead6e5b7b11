-- The accounts list searches, filters and pages in SQL (no longer every account of the school in memory):
-- search_text holds an account's names and login folded as fr.intrascol.sync.message.value.Folding folds
-- them (lower case, accents removed, œ/æ/ß spelled out, whitespace runs one space), surname first; the list
-- finds each typed word in it and orders names by it. The accounts projection writes it; an erasure scrubs
-- it with the names. Filled here for the rows already there with the same fold for the letters of French
-- and the rest of Latin-1; rebuild the accounts projection once after the upgrade for other letters
-- (docs/operations.md, "Upgrading").
ALTER TABLE account ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE account_version ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

CREATE FUNCTION pg_temp.fold(text TEXT) RETURNS TEXT LANGUAGE SQL IMMUTABLE AS $$
  SELECT btrim(regexp_replace(lower(translate(
           replace(replace(replace(replace(replace(text, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE'), 'ß', 'ss'),
           'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝýÿ',
           'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYyy')), '\s+', ' ', 'g'))
$$;

UPDATE account SET search_text = pg_temp.fold(concat_ws(' ', last_name, first_name, coalesce(usage_name, ''), login));
UPDATE account_version
   SET search_text = pg_temp.fold(concat_ws(' ', last_name, first_name, coalesce(usage_name, ''), login));

-- the list's rows of one school: by school, then status (active and suspended, or closed ones) and role
CREATE INDEX account_school_list ON account (uai, status, role);
