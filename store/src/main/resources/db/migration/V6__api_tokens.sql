-- Switchboard schema, version 6: bearer tokens for the HTTP API (issue 12). Only the SHA-256 of a token is kept: the
-- tokens are 256 random bits, so a fast hash is enough and the database never holds anything that opens the API.

create table api_token (
  id            bigserial   primary key,
  name          text        not null unique,
  role          text        not null check (role in ('reader', 'agent', 'admin')),
  token_sha256  bytea       not null unique check (octet_length(token_sha256) = 32),
  created_at    timestamptz not null default now(),
  revoked_at    timestamptz,
  last_used_at  timestamptz
);
