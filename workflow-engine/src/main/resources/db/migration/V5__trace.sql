-- Trace frames: the trace projection of a run's engine events, in order (docs/API.md describes them).
-- seq numbers the frames of a run from 1 (one engine event can give several frames).
create table trace_frame (
    instance_id  varchar(36) not null references workflow_instance (id),
    seq          bigint      not null,
    payload      text        not null,
    primary key (instance_id, seq)
);
