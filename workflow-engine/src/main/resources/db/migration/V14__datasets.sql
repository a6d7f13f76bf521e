-- Datasets: rows of Start parameters an app runs in bulk (a dataset run). A dataset is immutable:
-- uploading under the same name makes its next version.
create table dataset (
    id          varchar(36) primary key,
    team_id     bigint not null,
    app_id      varchar(36) not null,
    name        varchar(200) not null,
    version     int not null,
    row_count   int not null,
    columns     text not null,
    created_by  varchar(255) not null,
    created_at  timestamptz not null default now(),
    unique (app_id, name, version)
);
create index dataset_app_idx on dataset (app_id, name, version desc);

-- line: the row's line in the uploaded file (its first data line is 2 in a CSV with a header).
create table dataset_row (
    dataset_id  varchar(36) not null references dataset (id) on delete cascade,
    line        int not null,
    parameters  text not null,
    primary key (dataset_id, line)
);

-- An item of a dataset run acts on a dataset row (with a version and a repetition), not on a run.
alter table bulk_operation_item alter column source_instance_id drop not null;
alter table bulk_operation_item add column dataset_id varchar(36);
alter table bulk_operation_item add column dataset_line int;
alter table bulk_operation_item add column item_version int;
alter table bulk_operation_item add column repetition int;
