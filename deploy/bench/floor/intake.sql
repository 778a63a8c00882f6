-- One group of 50 new mails, written the cheapest way we know: the raw bytes committed first (one statement), then
-- in one transaction every row the service writes for a new ticket, each table with one set-based statement: the
-- contact, the ticket, its first timeline entry (text, new text and, for every other mail, HTML), one mail in ten's
-- 48 kB file (stored once by its SHA-256), the acknowledgment (timeline entry and outbox row), one notification per
-- coordinator (claim, outbox row and the file's link), the audit events, the SLA timers, the ticket's due time and
-- the raw message's new state. Sizes follow the bench's mix: 11.7 kB of raw bytes and about 6 kB of text per mail.
-- floor.sh drops the lines marked "coordinators" for --coordinators 0.
\set b random(1, 2000000000)
-- index lookups, as the service's plans use them, also while the statistics still say the tables are empty
set enable_seqscan = off;
insert into raw_message (mailbox_id, uid_validity, uid, size, content)
  select 1, :b, g, 11700, convert_to(repeat(md5((:b + g)::text), 365), 'UTF8') from generate_series(1, 50) g;
begin;
create temp table if not exists tt (n int, ticket_id bigint, raw_id bigint, msg_id bigint) on commit drop;
insert into contact (email, name)
  select 'u' || :b || '.' || g || '@floor.test', 'User ' || g from generate_series(1, 50) g
  on conflict (email) do update set updated_at = now();
with t as (
  insert into ticket (mailbox_id, subject, status, priority, requester_id, channel)
    select 1, 'printer on fire ' || g, 'new', 'normal',
      (select id from contact where email = 'u' || :b || '.' || g || '@floor.test'), 'email'
    from generate_series(1, 50) g
    returning id)
insert into tt (n, ticket_id) select row_number() over (order by id), id from t;
analyze tt;
update tt set raw_id = r.id from raw_message r where r.mailbox_id = 1 and r.uid_validity = :b and r.uid = tt.n;
with m as (
  insert into ticket_message (ticket_id, mailbox_id, raw_message_id, direction, kind, channel, message_id,
      from_address, from_name, to_addresses, subject, body_text, reply_text, body_html, classification)
    select ticket_id, 1, raw_id, 'inbound', 'customer', 'email', 'm' || raw_id || '@floor.test', 'u@floor.test',
      'User', '{support@floor.test}', 'printer on fire', repeat(md5(n::text), 190), repeat(md5(n::text), 190),
      case when n % 2 = 0 then repeat(md5(n::text), 200) end, 'human'
    from tt
    returning id, raw_message_id)
update tt set msg_id = m.id from m where m.raw_message_id = tt.raw_id;
-- the service hashes a file in the JVM; here a key as long as a SHA-256, unique per file, stands for it
with file as (
  select msg_id, md5(:b || '.' || n) || md5(n || '.' || :b) as sha256,
    overlay(b.data placing decode(md5(:b || '.' || n), 'hex') from 1) as data
  from tt, floor_blob b where n % 10 = 3),
blob as (
  insert into attachment_blob (sha256, size) select sha256, length(data) from file),
chunk as (
  insert into attachment_chunk (sha256, seq, data) select sha256, 0, data from file)
insert into attachment (ticket_message_id, filename, content_type, size, sha256)
  select msg_id, 'screenshot.pdf', 'application/pdf', length(data), sha256 from file;
with ack as (
  insert into ticket_message (ticket_id, mailbox_id, direction, kind, channel, message_id, from_address,
      to_addresses, subject, body_text)
    select ticket_id, 1, 'outbound', 'acknowledgment', 'email', 'ack' || ticket_id || '@floor.test',
      'support@floor.test', '{u@floor.test}', 'Re: [#1] printer on fire', repeat('We received your request. ', 30)
    from tt
    returning id, ticket_id)
insert into outbox (mailbox_id, ticket_id, ticket_message_id, kind, message_id, from_address, recipient,
    to_addresses, subject, headers, body_text)
  select 1, ticket_id, id, 'acknowledgment', 'ack' || ticket_id || '@floor.test', 'support@floor.test',
    'u@floor.test', '{u@floor.test}', 'Re: [#1] printer on fire', '{"Auto-Submitted": "auto-replied"}',
    repeat('We received your request. ', 30)
  from ack;
with mail as ( -- coordinators
  insert into outbox (mailbox_id, ticket_id, kind, message_id, from_address, recipient, to_addresses, subject, -- coordinators
      headers, body_text) -- coordinators
    select 1, ticket_id, 'notification', 'n' || ticket_id || '.' || c || '@floor.test', 'support@floor.test', -- coordinators
      'c' || c || '@floor.test', array['c' || c || '@floor.test'], '[#1] printer on fire', -- coordinators
      '{"Auto-Submitted": "auto-generated"}', repeat(md5(n::text), 200) -- coordinators
    from tt, generate_series(1, 2) c -- coordinators
    returning id, ticket_id, recipient), -- coordinators
claim as ( -- coordinators
  insert into notification (ticket_id, event, source_key, recipient, outbox_id) -- coordinators
    select ticket_id, 'opened', 'raw:' || ticket_id, recipient, id from mail) -- coordinators
insert into outbox_attachment (outbox_id, seq, attachment_id) -- coordinators
  select mail.id, 0, a.id from mail join tt using (ticket_id) join attachment a on a.ticket_message_id = tt.msg_id; -- coordinators
insert into ticket_event (ticket_id, actor, type, detail)
  select ticket_id, 'system', e, '{}' from tt, unnest(array['created', 'acknowledged']) e;
insert into scheduled_event (ticket_id, kind, due_at, run_at)
  select ticket_id, k, now() + interval '4 hours', now() + interval '3 hours'
  from tt, unnest(array['sla-warning', 'sla-breach']) k;
update ticket t set acknowledged_at = now(), first_response_due_at = now() + interval '4 hours'
  from tt where t.id = tt.ticket_id;
update raw_message r set state = 'processed', processed_at = now(), policy_applied_at = now()
  from tt where r.id = tt.raw_id;
commit;
