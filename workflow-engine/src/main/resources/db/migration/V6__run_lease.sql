-- A server about to move a run on (answer, time out or cancel it) first leases it: while the lease
-- lasts, no other server takes the run over or sweeps it, even if this server's heartbeat is late.
alter table workflow_instance add column lease_until timestamptz;
