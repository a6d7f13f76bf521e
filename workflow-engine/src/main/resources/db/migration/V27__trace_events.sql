-- A run's trace is now stored as the facts its frames are made of: of each event that makes a
-- frame, what the frame shows, as a compact JSON array per run and commit (zlib, as trace_frame's
-- payload_deflated), written at the run's trace level. The frames are projected when the trace is
-- read; writing them as the run went cost the server about a tenth of its throughput. Runs traced
-- before keep their frames in trace_frame, which is still read. No key to the run's row, as for
-- trace_frame: the rows are read only through their run and deleted with it by the retention pass.
create table trace_event (
    instance_id      varchar(36) not null,
    -- the sequence numbers of the first and last event the row holds
    seq              bigint      not null,
    last_seq         bigint      not null,
    -- the run's trace level when it ran: steps or full
    level            varchar(5)  not null,
    events_deflated  bytea       not null,
    primary key (instance_id, seq)
);
alter table trace_event alter column events_deflated set storage external;
