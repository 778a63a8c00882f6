-- The sender leases mail to people first and the coordinators' notifications only when no mail to a person is due:
-- with coordinators configured every mail that comes in makes one acknowledgment and a notification per coordinator,
-- and in a mail storm oldest-first made the requesters' acknowledgments wait behind the notifications (bench, 500
-- mails/s with 2 coordinators: 161 acknowledgments/s sent, p50 35 s). One index per lease, read in its order; each
-- holds only its own kind of mail, so neither lease steps over the other's rows. outbox_due_idx still answers when
-- the next mail is due.
create index outbox_due_people_idx on outbox (next_attempt_at, id) where state = 'pending' and kind <> 'notification';
create index outbox_due_notifications_idx on outbox (next_attempt_at, id)
  where state = 'pending' and kind = 'notification';
