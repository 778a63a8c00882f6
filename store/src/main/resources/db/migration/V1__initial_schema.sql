-- Switchboard schema, version 1: mailboxes and their IMAP progress, raw messages, contacts, tickets,
-- ticket messages, attachments, the outbox and the ticket audit trail.

create table mailbox (
  id              bigserial primary key,
  name            text        not null unique,           -- the key of the mailbox in the configuration
  address         text        not null,                  -- the address we answer from, lower-cased
  uid_validity    bigint,                                -- IMAP UIDVALIDITY the progress below belongs to
  last_uid        bigint      not null default 0,        -- highest UID whose raw bytes are committed
  last_polled_at  timestamptz,
  created_at      timestamptz not null default now()
);

-- Exactly the bytes the server gave us, committed before anything else happens to the message.
create table raw_message (
  id                bigserial primary key,
  mailbox_id        bigint      not null references mailbox (id),
  uid_validity      bigint      not null,
  uid               bigint      not null,
  size              integer     not null,
  content           bytea       not null,
  received_at       timestamptz not null default now(),
  -- received: stored, not yet turned into ticket data; processed: ticket data committed;
  -- duplicate: same Message-ID already processed for this mailbox; failed: could not be processed, see error
  state             text        not null default 'received'
                      check (state in ('received', 'processed', 'duplicate', 'failed')),
  processed_at      timestamptz,
  error             text,
  -- the mailbox policy (mark seen, move) is applied only after processing; null until then
  policy_applied_at timestamptz,
  constraint raw_message_mailbox_uid_key unique (mailbox_id, uid_validity, uid)
);
create index raw_message_pending_idx on raw_message (mailbox_id, id) where state = 'received';
create index raw_message_policy_idx on raw_message (mailbox_id, id)
  where policy_applied_at is null and state <> 'received';

create table contact (
  id          bigserial primary key,
  email       text unique,                               -- lower-cased
  name        text,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);

create table contact_phone (
  phone       text   primary key,                        -- E.164
  contact_id  bigint not null references contact (id) on delete cascade,
  created_at  timestamptz not null default now()
);
create index contact_phone_contact_idx on contact_phone (contact_id);

create sequence ticket_number_seq start with 1001;

create table ticket (
  id                 bigserial primary key,
  number             bigint      not null unique default nextval('ticket_number_seq'),
  mailbox_id         bigint      references mailbox (id),
  subject            text        not null,
  status             text        not null default 'new',
  priority           text        not null default 'normal',
  requester_id       bigint      references contact (id),
  assignee           text,
  channel            text        not null check (channel in ('email', 'phone', 'api')),
  needs_attention    boolean     not null default false, -- a person must look: unparseable mail, failed delivery
  attention_reason   text,
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now(),
  acknowledged_at    timestamptz,                        -- automatic acknowledgment enqueued
  first_response_at  timestamptz,                        -- first human response
  resolved_at        timestamptz,
  closed_at          timestamptz
);
create index ticket_status_idx on ticket (status, created_at desc);
create index ticket_requester_idx on ticket (requester_id, created_at desc);

create table ticket_message (
  id              bigserial primary key,
  ticket_id       bigint      not null references ticket (id),
  mailbox_id      bigint      references mailbox (id),
  raw_message_id  bigint      unique references raw_message (id),
  direction       text        not null check (direction in ('inbound', 'outbound', 'internal')),
  -- customer: from the requester or a participant; acknowledgment, status-update, agent-reply: mail we send;
  -- auto-reply, bounce: machine mail about the ticket; note: internal; system: the gateway explaining itself
  kind            text        not null,
  channel         text        not null check (channel in ('email', 'phone', 'api', 'system')),
  message_id      text,                                  -- without angle brackets
  in_reply_to     text,
  refs            text[]      not null default '{}',
  from_address    text,
  from_name       text,
  to_addresses    text[]      not null default '{}',
  cc_addresses    text[]      not null default '{}',
  subject         text,
  body_text       text,
  reply_text      text,                                  -- the new part of body_text, quoted history removed
  body_html       text,                                  -- sanitised
  classification  text,
  warnings        text[]      not null default '{}',
  created_at      timestamptz not null default now()
);
create index ticket_message_ticket_idx on ticket_message (ticket_id, created_at, id);
create index ticket_message_message_id_idx on ticket_message (message_id);
-- the Message-ID half of idempotent ingestion: one inbound message per Message-ID per mailbox
create unique index ticket_message_inbound_message_id_key on ticket_message (mailbox_id, message_id)
  where direction = 'inbound' and message_id is not null;

-- attachment contents, shared by every attachment with the same bytes
create table attachment_blob (
  sha256      text    primary key,
  size        bigint  not null,
  content     bytea   not null
);

create table attachment (
  id                 bigserial primary key,
  ticket_message_id  bigint  not null references ticket_message (id),
  filename           text    not null,
  content_type       text    not null,
  size               bigint  not null,
  inline             boolean not null default false,
  content_id         text,
  sha256             text    references attachment_blob (sha256), -- null when dropped for a limit
  created_at         timestamptz not null default now()
);
create index attachment_message_idx on attachment (ticket_message_id);

create table outbox (
  id                 bigserial primary key,
  mailbox_id         bigint      not null references mailbox (id),
  ticket_id          bigint      references ticket (id),
  ticket_message_id  bigint      references ticket_message (id),
  kind               text        not null,               -- acknowledgment, status-update, agent-reply, notice
  message_id         text        not null unique,        -- fixed at enqueue time, so a re-send is recognisable
  from_address       text        not null,
  from_name          text,
  recipient          text        not null,               -- lower-cased first recipient, for rate limiting
  to_addresses       text[]      not null,
  cc_addresses       text[]      not null default '{}',
  subject            text        not null,
  in_reply_to        text,
  refs               text[]      not null default '{}',
  headers            jsonb       not null default '{}',
  body_text          text        not null,
  body_html          text,
  state              text        not null default 'pending'
                       check (state in ('pending', 'sent', 'failed')),
  attempts           integer     not null default 0,
  next_attempt_at    timestamptz not null default now(),
  locked_until       timestamptz,                        -- a sender's lease on the row while it sends it
  last_error         text,
  created_at         timestamptz not null default now(),
  sent_at            timestamptz
);
create index outbox_due_idx on outbox (next_attempt_at, id) where state = 'pending';
create index outbox_recipient_kind_idx on outbox (recipient, kind, created_at);
-- one acknowledgment per ticket, whatever happens
create unique index outbox_one_acknowledgment_key on outbox (ticket_id) where kind = 'acknowledgment';

create table ticket_event (
  id          bigserial primary key,
  ticket_id   bigint      not null references ticket (id),
  at          timestamptz not null default now(),
  actor       text        not null,                      -- 'system', 'api', or an agent address
  type        text        not null,                      -- created, status-changed, priority-changed, ...
  detail      jsonb       not null default '{}'
);
create index ticket_event_ticket_idx on ticket_event (ticket_id, at);
