-- Teams, people and keys
create table team (
    id          bigserial primary key,
    name        varchar(200) not null unique,
    created_at  timestamptz  not null default now()
);

create table user_account (
    id            bigserial primary key,
    team_id       bigint       not null references team (id),
    username      varchar(200) not null unique,
    password_hash varchar(300) not null,
    role          varchar(20)  not null check (role in ('admin', 'editor', 'viewer')),
    created_at    timestamptz  not null default now()
);

create table api_key (
    id           bigserial primary key,
    team_id      bigint       not null references team (id),
    name         varchar(200) not null,
    key_hash     char(64)     not null unique,
    key_prefix   varchar(16)  not null,
    role         varchar(20)  not null check (role in ('admin', 'editor', 'viewer')),
    created_by   varchar(200),
    created_at   timestamptz  not null default now(),
    revoked_at   timestamptz
);

-- Apps and their workflow designs
create table app (
    id           varchar(36) primary key,
    team_id      bigint        not null references team (id),
    name         varchar(200)  not null,
    description  varchar(2000),
    avatar       varchar(2000),
    app_type     int           not null check (app_type between 0 and 2),
    classify_id  bigint,
    disabled     boolean       not null default false,
    deleted      boolean       not null default false,
    trace_level  varchar(10)   not null default 'full',
    created_at   timestamptz   not null,
    updated_at   timestamptz   not null
);
create index app_team_idx on app (team_id, deleted, created_at desc);

create table app_workflow_design (
    id                     varchar(36) primary key,
    app_id                 varchar(36) not null unique references app (id),
    ui_design_draft        text,
    function_design_draft  text,
    ui_design              text,
    function_design        text,
    is_publish             boolean     not null default false,
    published_version      int,
    published_at           timestamptz,
    deleted                boolean     not null default false,
    created_at             timestamptz not null,
    updated_at             timestamptz not null
);

create table app_workflow_version (
    id               varchar(36) primary key,
    app_id           varchar(36) not null references app (id),
    version          int         not null,
    ui_design        text,
    function_design  text        not null,
    published_at     timestamptz not null,
    published_by     varchar(200),
    unique (app_id, version)
);
