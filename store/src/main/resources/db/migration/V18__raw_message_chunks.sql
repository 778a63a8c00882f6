-- Large raw messages in rows of at most 1 MiB, like attachment contents (V3): the reactive client holds a whole bytea
-- value in memory, so a 70 MB message in raw_message.content cost 70 MB of heap and more while encoding, on the way
-- in and again on every read. A chunked message keeps an empty raw_message.content; its bytes are the content
-- followed by its chunks in seq order, so a reader that concatenates both never needs to know which kind it has.
-- Rows and chunks are written in one transaction, so a reader never sees a message without all of its chunks.
create table raw_message_chunk (
  raw_message_id bigint  not null references raw_message (id) on delete cascade,
  seq            integer not null,                         -- 0, 1, 2, ... in content order
  data           bytea   not null,
  primary key (raw_message_id, seq)
);
