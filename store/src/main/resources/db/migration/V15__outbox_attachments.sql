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
