-- Attachment contents in rows of at most 1 MiB. The reactive client holds a whole bytea value in memory, so one
-- row per blob made a 50 MB attachment cost 50 MB of heap (more while encoding) on the way in and on the way out.
-- A blob row is written first, in the same transaction as its chunks: "insert ... on conflict do nothing returning"
-- tells the one writer that owns the content (de-duplication by SHA-256 stays), and a reader never sees a blob
-- without all of its chunks.
create table attachment_chunk (
  sha256  text    not null references attachment_blob (sha256) on delete cascade,
  seq     integer not null,                               -- 0, 1, 2, ... in content order
  data    bytea   not null,
  primary key (sha256, seq)
);

-- move existing single-row contents into chunks of the same size the gateway writes
insert into attachment_chunk (sha256, seq, data)
select b.sha256, s.seq, substring(b.content from s.seq * 1048576 + 1 for 1048576)
from attachment_blob b
cross join lateral generate_series(0, greatest(length(b.content) - 1, 0) / 1048576) as s (seq)
where length(b.content) > 0;

alter table attachment_blob drop column content;
