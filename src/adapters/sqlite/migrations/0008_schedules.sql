-- Business-hours schedules (docs/calendars.md; PRODUCT.md §5; zendesk-compat.md §12): a name,
-- an IANA time zone, the weekly business hours in Zendesk's shape (a JSON list of
-- {"start_time", "end_time"}: minutes from Sunday 00:00 local time) and the ids of the shipped
-- holiday sets it follows (a JSON list of text: ["br", "br-sp"]). `version` grows with every
-- change to the schedule or its holidays: built calendars are cached per (id, version)
-- (app/calendars.cpp), so a change is seen at once by every node. Times are unix seconds (UTC).
CREATE TABLE schedules (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  intervals TEXT NOT NULL DEFAULT '[]',
  holiday_sets TEXT NOT NULL DEFAULT '[]',
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- A schedule's own holidays: local dates start_date..end_date (inclusive, 'YYYY-MM-DD'), closed
-- all day when `hours` is NULL, else a half day open only during `hours` (a JSON list of
-- {"start", "end"}: minutes from local midnight).
CREATE TABLE schedule_holidays (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  schedule_id INTEGER NOT NULL REFERENCES schedules(id),
  name TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  hours TEXT
);
CREATE INDEX schedule_holidays_schedule ON schedule_holidays(schedule_id, start_date);

-- A group's own calendar (PRODUCT.md §5: on holidays only the error-support team works); NULL:
-- the default schedule (the lowest id).
ALTER TABLE agent_groups ADD COLUMN schedule_id INTEGER REFERENCES schedules(id);

-- The default calendar (PRODUCT.md §5): Mon-Fri 08:30-18:00 America/Sao_Paulo, Brazil's
-- national holidays.
INSERT INTO schedules (id, name, time_zone, intervals, holiday_sets, version, created_at, updated_at) VALUES
  (1, 'Horário comercial', 'America/Sao_Paulo',
   '[{"start_time":1950,"end_time":2520},{"start_time":3390,"end_time":3960},{"start_time":4830,"end_time":5400},{"start_time":6270,"end_time":6840},{"start_time":7710,"end_time":8280}]',
   '["br"]', 1, 1767225600, 1767225600);
