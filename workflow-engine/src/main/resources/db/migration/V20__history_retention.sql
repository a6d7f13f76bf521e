-- How long an app's runs are kept: for keep_days days (by start time), and/or only its last
-- keep_runs runs. An app without a row follows the platform default (a setting). Null: no limit.
create table app_retention (
    app_id      varchar(36) primary key references app (id),
    keep_days   int check (keep_days > 0),
    keep_runs   int check (keep_runs > 0),
    updated_at  timestamptz not null default now(),
    updated_by  varchar(255) not null
);

-- One row per retention pass (the nightly one or one an admin started). nightly_date makes the
-- nightly pass run once per night however many servers share the database.
create table retention_pass (
    id            bigserial primary key,
    nightly_date  date unique,
    started_by    varchar(255) not null,
    server_id     varchar(36),
    execution_id  bigint,
    state         varchar(12) not null check (state in ('STARTING', 'RUNNING', 'COMPLETED', 'FAILED', 'STOPPED')),
    started_at    timestamptz not null default now(),
    ended_at      timestamptz,
    runs_deleted  bigint not null default 0,
    error         text
);

-- a run that an unfinished bulk operation names as its source is kept: found by this index
create index bulk_item_source_idx on bulk_operation_item (source_instance_id) where source_instance_id is not null;
