-- Switchboard schema, version 4: coordinators at work (issue 5). The people on a ticket besides its requester (CC on
-- the requester's mail), who are kept informed and whose replies thread like the requester's; and the link from a
-- ticket opened by a late reply to the resolved or closed ticket it continues.

create table ticket_participant (
  ticket_id   bigint      not null references ticket (id) on delete cascade,
  email       text        not null,                     -- lower-cased
  name        text,
  created_at  timestamptz not null default now(),
  primary key (ticket_id, email)
);
create index ticket_participant_email_idx on ticket_participant (email);

alter table ticket add column follows_ticket_id bigint references ticket (id);

-- GET /tickets?awaitingFirstResponse=true lists the oldest first: the triage queue
create index ticket_awaiting_first_response_idx on ticket (created_at, id) where first_response_at is null;
