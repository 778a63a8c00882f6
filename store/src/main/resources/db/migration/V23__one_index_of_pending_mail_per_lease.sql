-- V20's two partial indexes (pending mail to people, pending notifications) hold every pending mail between them, so
-- V1's outbox_due_idx only repeated them: one more index entry for every mail queued, three per incoming mail with
-- two coordinators. Its last reader, the metrics' outbox depth and oldest due mail, reads V20's two indexes now.
drop index outbox_due_idx;
