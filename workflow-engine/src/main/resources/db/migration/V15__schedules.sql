-- Schedules: an app's runs started at times a cron expression or an interval gives, in a time zone.
-- definition holds the schedule as the API takes it. Every server ticks: it locks the due rows
-- (next_fire_at on the database clock) with FOR UPDATE SKIP LOCKED, records a firing for each due
-- time and moves next_fire_at on in the same transaction, so no time is handled twice.
create table schedule (
    id                  varchar(36) primary key,
    team_id             bigint not null,
    app_id              varchar(36) not null,
    name                varchar(200) not null,
    definition          text not null,
    enabled             boolean not null,
    -- why it paused by itself (pauseAfterFailures); null when a person paused it or it runs
    paused_reason       text,
    paused_at           timestamptz,
    -- the last scheduled time handled (or when it was created or resumed): due times come after it
    handled_until       timestamptz not null,
    -- null when no time is left (endAt, maxRuns)
    next_fire_at        timestamptz,
    runs_so_far         bigint not null default 0,
    buffered            int not null default 0,
    created_by          varchar(255) not null,
    created_by_user_id  bigint,
    created_by_role     varchar(16) not null,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now()
);
create index schedule_due_idx on schedule (next_fire_at) where enabled;
create index schedule_buffered_idx on schedule (id) where enabled and buffered > 0;
create index schedule_app_idx on schedule (app_id, created_at);
create index schedule_team_idx on schedule (team_id, created_at);

-- One row per scheduled time, whatever happened to it. STARTING: claimed, its run (under
-- instance_id, chosen in advance) being started by claimed_by; the server starting it holds the row
-- lock, so another server finishes a firing only when that server is gone.
create table schedule_firing (
    schedule_id        varchar(36) not null references schedule (id) on delete cascade,
    scheduled_time     timestamptz not null,
    state              varchar(20) not null,
    -- SCHEDULED, CATCH_UP (late, beyond the grace), RUN_NOW, BACKFILL
    kind               varchar(12) not null,
    instance_id        varchar(36),
    bulk_operation_id  varchar(36),
    claimed_by         varchar(36),
    recorded_at        timestamptz not null default now(),
    fired_at           timestamptz,
    reason             text,
    primary key (schedule_id, scheduled_time)
);
create index schedule_firing_starting_idx on schedule_firing (recorded_at) where state = 'STARTING';
create index schedule_firing_buffered_idx on schedule_firing (schedule_id, scheduled_time) where state = 'BUFFERED';
create index schedule_firing_recent_idx on schedule_firing (schedule_id, scheduled_time desc);

alter table workflow_instance add column schedule_id varchar(36);
alter table workflow_instance add column scheduled_time timestamptz;
create index workflow_instance_schedule_idx on workflow_instance (schedule_id, scheduled_time)
    where schedule_id is not null;

-- A backfill is a bulk operation whose items are a schedule's past times; a dataset firing is a
-- dataset run. Both name the schedule, whose overlap policy counts them as its active runs.
alter table bulk_operation add column schedule_id varchar(36);
alter table bulk_operation_item add column scheduled_time timestamptz;
create index bulk_operation_schedule_idx on bulk_operation (schedule_id) where schedule_id is not null;

-- the active runs of a schedule, which its overlap policy counts at every firing
create index workflow_instance_schedule_active_idx on workflow_instance (schedule_id)
    where schedule_id is not null and state in ('Pending', 'Running', 'Waiting');
