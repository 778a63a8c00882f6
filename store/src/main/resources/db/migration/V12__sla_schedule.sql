-- Switchboard schema, version 12: the first-response clock and timers that survive (issue 9). Due times live on the
-- ticket (first_response_at is from version 1); every timed action is a scheduled_event row, claimed with
-- FOR UPDATE SKIP LOCKED, so a restart, a crash or a second instance neither loses nor doubles one.

alter table ticket
  add column first_response_due_at timestamptz,          -- null: answered, paused, or no clock
  add column next_response_due_at  timestamptz;          -- set by a requester's reply, cleared by the next answer

-- GET /tickets?sla=breached|due-soon: the earlier of the two due times, oldest first
-- (not partial: the planner cannot prove a partial predicate from "least(...) <= $n")
create index ticket_response_due_idx on ticket ((least(first_response_due_at, next_response_due_at)));

create table scheduled_event (
  id          bigserial   primary key,
  ticket_id   bigint      not null references ticket (id),
  kind        text        not null
                check (kind in ('sla-warning', 'sla-breach', 'waiting-reminder', 'auto-resolve', 'hold-ends')),
  target      text        not null default '',           -- what the event is about, e.g. first-response; '' if one
  due_at      timestamptz not null,                      -- when it is due; part of the key, a new due time is a new row
  run_at      timestamptz not null,                      -- when to try: due_at, later after a failed attempt
  attempts    integer     not null default 0,
  last_error  text,
  created_at  timestamptz not null default now(),
  done_at     timestamptz,                               -- handled, cancelled or given up (then last_error says why)
  constraint scheduled_event_key unique (ticket_id, kind, target, due_at)
);
create index scheduled_event_due_idx on scheduled_event (run_at, id) where done_at is null;
create index scheduled_event_ticket_idx on scheduled_event (ticket_id) where done_at is null;
