-- The audit log: who did what, when and from where. Rows are only ever inserted; an entry
-- recorded with an action shares the action's transaction, so a change that rolled back leaves
-- no entry and a committed change always has one.
create table audit_entry (
    id          bigserial primary key,
    time        timestamptz not null,
    -- a username, key:<name> for an API key, or the name typed at a failed sign-in
    actor       varchar(255) not null,
    -- dotted, object first: app.publish, run.approve, login.failed …
    action      varchar(40) not null,
    -- what it acted on, as <kind>:<id> (app:…, run:…, user:…); null for sign-ins
    target      varchar(300),
    details     varchar(2000),
    -- the client's address as the server saw it; null for work no request started
    address     varchar(64)
);
create index audit_entry_time_idx on audit_entry (time desc, id desc);
create index audit_entry_actor_idx on audit_entry (actor, time desc);
create index audit_entry_action_idx on audit_entry (action varchar_pattern_ops, time desc);
create index audit_entry_target_idx on audit_entry (target) where target is not null;
