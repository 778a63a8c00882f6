-- Switchboard schema, version 11: the call journal (issue 8). A finished call is committed here, exactly as the
-- correlator reported it, before any ticket work; filing reads it back after a crash or a database outage, so a call
-- that finished is never lost. Idempotent on (pbx, linkedid), like the call table it feeds.

create table call_journal (
  seq          bigserial   primary key,              -- filing order: repeated calls from one number see each other
  pbx          text        not null,
  linkedid     text        not null,
  record       jsonb       not null,                 -- the finished call, see CallRecordJson in the gateway
  finished_at  timestamptz not null default now(),
  filed_at     timestamptz,                          -- null until the call is on the call list (and its ticket)
  failure      text,                                 -- set with filed_at when the call could never be filed
  constraint call_journal_pbx_linkedid_key unique (pbx, linkedid)
);
create index call_journal_unfiled_idx on call_journal (pbx, seq) where filed_at is null;
