-- Execution history: one row per run, one per node run, and the
-- run's API events in order, for replay with Last-Event-ID. Kept when the app is soft-deleted.
create table workflow_instance (
    id                 varchar(36) primary key,
    app_id             varchar(36)  not null references app (id),
    team_id            bigint       not null,
    workflow_design_id varchar(36),
    version            int          not null,
    state              varchar(20)  not null check (state in ('Pending', 'Running', 'Completed', 'Failed', 'Canceled')),
    parameters         text,
    result             text,
    error_code         varchar(100),
    error_message      text,
    started_by         varchar(200),
    server_id          varchar(36),
    start_time         timestamptz  not null,
    end_time           timestamptz,
    duration_ms        bigint,
    prompt_tokens      bigint       not null default 0,
    completion_tokens  bigint       not null default 0,
    total_tokens       bigint       not null default 0,
    embedding_tokens   bigint       not null default 0,
    rerank_tokens      bigint       not null default 0
);
create index workflow_instance_app_idx on workflow_instance (app_id, start_time desc);
create index workflow_instance_running_idx on workflow_instance (state) where state = 'Running';

create table node_execution (
    id                 bigserial primary key,
    instance_id        varchar(36)  not null references workflow_instance (id),
    seq                bigint       not null,
    node_key           varchar(200) not null,
    invoke_id          varchar(1000) not null,
    node_name          varchar(200),
    node_type          varchar(50)  not null,
    state              varchar(20)  not null,
    start_time         timestamptz,
    end_time           timestamptz,
    duration_ms        bigint,
    input              text,
    output             text,
    error_code         varchar(100),
    error_message      text,
    attempt            int          not null default 1,
    branch             varchar(200),
    prompt_tokens      bigint       not null default 0,
    completion_tokens  bigint       not null default 0,
    total_tokens       bigint       not null default 0,
    embedding_tokens   bigint       not null default 0,
    rerank_tokens      bigint       not null default 0
);
create index node_execution_instance_idx on node_execution (instance_id, seq);

create table instance_event (
    instance_id  varchar(36) not null references workflow_instance (id),
    seq          bigint      not null,
    payload      text        not null,
    primary key (instance_id, seq)
);

-- servers announce themselves so that runs of a dead server can be marked INTERRUPTED
create table server_heartbeat (
    server_id    varchar(36) primary key,
    started_at   timestamptz not null,
    heartbeat_at timestamptz not null
);
