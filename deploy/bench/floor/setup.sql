-- The mailbox every floor mail belongs to, and the sender's work as one procedure: lease up to n pending mails (as
-- OutboxRepository's lease does, by the same partial index) and mark each sent in its own transaction with
-- synchronous_commit off (as the sender's MARK_SENT does). A procedure rather than the service's round trips: the
-- floor leaves the client and the protocol out on purpose.
insert into mailbox (id, name, address) values (1, 'support', 'support@floor.test') on conflict do nothing;

-- 48 kB of random bytes, the bench's attachment: each mail's copy gets its own first 16 bytes, and stays as
-- incompressible as the bench's
create table if not exists floor_blob as
  select decode(string_agg(md5(random()::text), ''), 'hex') as data from generate_series(1, 3072);

create or replace procedure floor_send(n int, notifications boolean) language plpgsql as $$
declare
  ids bigint[];
  i bigint;
begin
  with leased as (
    update outbox set locked_until = now() + interval '2 minutes' where id = any(array(
      select id from outbox where state = 'pending'
        and (case when notifications then kind = 'notification' else kind <> 'notification' end)
        and next_attempt_at <= now() and (locked_until is null or locked_until < now())
      order by next_attempt_at, id limit n for update skip locked))
    returning id)
  select array_agg(id) into ids from leased;
  commit;
  if ids is null then
    return;
  end if;
  foreach i in array ids loop
    set local synchronous_commit = off;
    update outbox set state = 'sent', sent_at = now(), attempts = attempts + 1, last_error = null, locked_until = null
      where id = i and state = 'pending';
    commit;
  end loop;
end $$;
