-- Switchboard schema, version 13: several instances on one database (issue 11). PostgreSQL is the coordinator: each
-- running instance keeps a heartbeat row, and each mailbox or PBX connection is worked by the one instance holding
-- its lease. Every time is the database's now(), so clock skew between the instances' hosts does not matter.

create table instance (
  id            text        primary key,               -- host, process id and a random suffix
  version       text        not null,
  started_at    timestamptz not null default now(),
  heartbeat_at  timestamptz not null default now()
);

create table lease (
  resource     text        primary key,                -- 'mailbox:<name>' or 'pbx:<name>'
  owner        text,                                   -- an instance id; null once released
  fencing      bigint      not null,                   -- +1 on every acquisition: a stale owner's number is lower
  acquired_at  timestamptz not null default now(),
  expires_at   timestamptz not null
);
