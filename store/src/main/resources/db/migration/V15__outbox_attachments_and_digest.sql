-- Files a queued mail carries (issue 9: a coordinator's notification attaches the requester's files and a voicemail's
-- recording). The outbox row names the stored attachment, never a copy of its bytes: the sender streams the chunks of
-- attachment_chunk at send time, so a 50 MB file costs no outbox space and one chunk of heap at a time.
create table outbox_attachment (
  outbox_id      bigint  not null references outbox (id) on delete cascade,
  seq            integer not null,                       -- 0, 1, 2, ... in the order the parts go into the mail
  attachment_id  bigint  not null references attachment (id),
  primary key (outbox_id, seq)
);
create index outbox_attachment_attachment_idx on outbox_attachment (attachment_id);

-- The daily digest (notifications.digestAt) is about no one ticket: its scheduled event and its notification rows have
-- no ticket, and partial unique keys keep them once per (kind, target, due time) and per (event, source, recipient):
-- one digest event per day, one digest mail per day and coordinator, however many instances run.
alter table scheduled_event alter column ticket_id drop not null;
alter table scheduled_event drop constraint scheduled_event_kind_check;
alter table scheduled_event add constraint scheduled_event_kind_check
  check (kind in ('sla-warning', 'sla-breach', 'waiting-reminder', 'auto-resolve', 'hold-ends', 'digest'));
create unique index scheduled_event_unattached_key on scheduled_event (kind, target, due_at) where ticket_id is null;

alter table notification alter column ticket_id drop not null;
create unique index notification_unattached_once_key on notification (event, source_key, recipient)
  where ticket_id is null;
