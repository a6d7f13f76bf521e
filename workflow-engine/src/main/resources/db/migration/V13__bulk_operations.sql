-- Bulk operations: one action (rerun, retry, replay, cancel, confirm) over a frozen selection of
-- runs. The selection is copied into one item row per run when the operation is created, so what
-- runs is exactly what was counted. Servers claim items with FOR UPDATE SKIP LOCKED; the operation
-- row paces them (last_start_at) and bounds how many run at once (max_in_flight).
create table bulk_operation (
    id                  varchar(36) primary key,
    team_id             bigint not null,
    action              varchar(16) not null,
    state               varchar(24) not null,
    selection           text not null,
    options             text not null,
    max_in_flight       int not null,
    starts_per_second   double precision not null,
    total               int not null,
    -- pause by itself when more than pause_failure_percent % of at least pause_min_ended ended
    -- items failed, or the last pause_failures_in_a_row did (0 turns a rule off)
    pause_failure_percent   int not null,
    pause_min_ended         int not null,
    pause_failures_in_a_row int not null,
    reason              text not null,
    pause_reason        text,
    parent_id           varchar(36) references bulk_operation (id),
    idempotency_key     varchar(200),
    created_by          varchar(255) not null,
    created_by_user_id  bigint,
    created_by_role     varchar(16) not null,
    created_at          timestamptz not null default now(),
    started_at          timestamptz,
    ended_at            timestamptz,
    last_start_at       timestamptz,
    unique (team_id, idempotency_key)
);
create index bulk_operation_team_idx on bulk_operation (team_id, created_at desc);
create index bulk_operation_active_idx on bulk_operation (state) where state in ('CREATED', 'RUNNING', 'PAUSED');

-- instance_id is chosen when an item is claimed, before its run is opened: a run found under that id
-- is the item's run; a claimed item of a stopped server with no such run never started.
create table bulk_operation_item (
    operation_id        varchar(36) not null references bulk_operation (id) on delete cascade,
    seq                 int not null,
    source_instance_id  varchar(36) not null,
    instance_id         varchar(36),
    state               varchar(12) not null,
    error               text,
    claimed_by          varchar(36),
    started_at          timestamptz,
    ended_at            timestamptz,
    primary key (operation_id, seq)
);
create index bulk_item_state_idx on bulk_operation_item (operation_id, state, seq);
create unique index bulk_item_instance_idx on bulk_operation_item (instance_id) where instance_id is not null;

-- Which Jakarta Batch job execution works on an operation on which server; a crashed server's row
-- tells the next server which execution to restart from its checkpoint.
create table bulk_operation_worker (
    operation_id   varchar(36) not null references bulk_operation (id) on delete cascade,
    server_id      varchar(36) not null,
    execution_id   bigint not null,
    primary key (operation_id, server_id)
);

create table bulk_operation_audit (
    operation_id  varchar(36) not null references bulk_operation (id) on delete cascade,
    at            timestamptz not null default now(),
    actor         varchar(255) not null,
    action        varchar(32) not null,
    reason        text
);
create index bulk_audit_idx on bulk_operation_audit (operation_id, at);

-- A run a bulk operation started records the operation, its item and the run it repeats; the unique
-- index makes a second run for one item impossible, also across crashes and servers.
alter table workflow_instance add column bulk_operation_id varchar(36);
alter table workflow_instance add column bulk_item_seq int;
alter table workflow_instance add column repeat_of varchar(36);
create unique index workflow_instance_bulk_item_idx on workflow_instance (bulk_operation_id, bulk_item_seq)
    where bulk_operation_id is not null;
