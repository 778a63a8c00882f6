-- Mail to coordinators about a ticket (issue 9). One row per (ticket, event, source, recipient), so a replayed
-- intake, a retried transaction or a crash between commit and send never tells a coordinator twice about the same
-- thing. source_key names what happened ('raw:<id>' for a mail, 'call:<id>' for a call); a scheduler adds its own
-- events later (e.g. event 'sla-warning', source_key 'first-response:<due time>') with due_at set, and fills outbox_id
-- when it sends them.
create table notification (
  id          bigserial   primary key,
  ticket_id   bigint      not null references ticket (id),
  event       text        not null,
  source_key  text        not null,
  recipient   text        not null,                   -- lower-cased coordinator address
  due_at      timestamptz,                            -- null: sent with the change that caused it
  outbox_id   bigint      references outbox (id),     -- the mail, once enqueued
  created_at  timestamptz not null default now(),
  constraint notification_once_key unique (ticket_id, event, source_key, recipient)
);
-- the first notification of a ticket to a coordinator is the root of that coordinator's thread
create index notification_thread_idx on notification (ticket_id, recipient, id);
create index notification_due_idx on notification (due_at, id) where outbox_id is null and due_at is not null;
