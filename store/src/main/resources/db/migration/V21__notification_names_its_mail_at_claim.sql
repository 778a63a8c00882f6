-- A coordinator's notification names its outbox row when it is claimed, before the row is written later in the same
-- transaction (the claim decides whether there is a mail at all), so the reference is checked at commit. It spares
-- an update of every notification after its mail was enqueued, which changed a column of a partial index's predicate
-- and so could never be heap-only: two per mail with two coordinators.
alter table notification alter constraint notification_outbox_id_fkey deferrable initially deferred;
