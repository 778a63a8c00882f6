-- Switchboard schema, version 2: phone calls from the PBXs (issue 4). One row per finished call, as the call
-- correlator reported it; the ticket and timeline entry it was filed on, if any.

create table call (
  id                     bigserial primary key,
  pbx                    text        not null,          -- the PBX's name in the configuration
  linkedid               text        not null,          -- Asterisk's Linkedid (Uniqueid when there was none)
  direction              text        not null check (direction in ('inbound', 'outbound', 'internal')),
  caller_number          text,                          -- as Asterisk gave it
  caller_e164            text,                          -- the same in E.164, when it is a public number
  caller_name            text,
  dialled_number         text,
  answered_by_extension  text,
  answered_by_name       text,
  queue                  text,
  transfers              jsonb       not null default '[]', -- [{from, to, kind, at}], oldest first
  started_at             timestamptz not null,
  answered_at            timestamptz,
  ended_at               timestamptz not null,
  ring_seconds           integer     not null check (ring_seconds >= 0),
  talk_seconds           integer     not null check (talk_seconds >= 0),
  disposition            text        not null
                           check (disposition in ('answered', 'missed', 'busy', 'abandoned', 'voicemail', 'failed')),
  voicemail_box          text,
  expired                boolean     not null default false, -- closed because its events stopped
  mid_call               boolean     not null default false, -- first seen mid-call: start and ring are lower bounds
  contact_id             bigint      references contact (id),
  ticket_id              bigint      references ticket (id),
  ticket_message_id      bigint      references ticket_message (id),
  created_at             timestamptz not null default now(),
  -- the same call reported twice (a replay, a restart) is stored once
  constraint call_pbx_linkedid_key unique (pbx, linkedid)
);
create index call_started_idx on call (started_at desc, id desc);
create index call_caller_idx on call (caller_e164, started_at desc) where caller_e164 is not null;
create index call_ticket_idx on call (ticket_id) where ticket_id is not null;
create index call_contact_idx on call (contact_id) where contact_id is not null;
