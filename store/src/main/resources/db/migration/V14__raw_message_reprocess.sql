-- The intake ledger's replay: who last sent a set-aside or failed message back to the intake, when, and how often.
alter table raw_message
  add column reprocessed_at  timestamptz,
  add column reprocessed_by  text,                       -- the actor, e.g. token:<name>
  add column reprocess_count integer not null default 0;
