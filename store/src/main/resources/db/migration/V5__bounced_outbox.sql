-- A delivery failure report that names a mail we sent marks its outbox row bounced, so the ticket shows which of our
-- mails never arrived.
alter table outbox drop constraint outbox_state_check;
alter table outbox add constraint outbox_state_check check (state in ('pending', 'sent', 'failed', 'bounced'));
alter table outbox add column bounced_at timestamptz;
