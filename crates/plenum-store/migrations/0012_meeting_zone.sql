-- Scale-out: the zone (region, data centre) a meeting's conferences must run in; NULL: any.
ALTER TABLE meetings ADD COLUMN zone TEXT;
