-- A mail's raw bytes, its text on the timeline and the text of the mail we send are stored uncompressed (out of line,
-- as before, once a row passes 2 kB): PostgreSQL compressed each of them with pglz, several per mail that comes in
-- (the raw bytes, body, reply and HTML on the timeline, one notification per coordinator), and that was about a
-- quarter of the database's CPU in a mail storm. Measured with the bench, 20,000 mails then 500 mails/s for 30 s
-- with two coordinators, on one 2-core machine: live p50 4.8 to 5.3 s and p99 6.5 to 11 s compressed, 1.6 s and
-- 2.7 s uncompressed. The price is disk: about twice the space for these columns (5,000 raw mails took 57 MB
-- compressed and 119 MB not). An external server built with lz4 can have both; the README says how. Existing rows
-- keep their form; only new values are stored this way.
alter table raw_message alter column content set storage external;
alter table ticket_message
  alter column body_text set storage external,
  alter column reply_text set storage external,
  alter column body_html set storage external;
alter table outbox
  alter column body_text set storage external,
  alter column body_html set storage external;
