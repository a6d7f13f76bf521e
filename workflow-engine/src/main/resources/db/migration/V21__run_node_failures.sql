-- "Runs in which node X failed", the runs list filter, on large histories. A node that failed in many
-- runs made the list check run after run whether it had such a failure. This table holds one row per
-- run and node key that failed in it, with the run's team and start time, so the list walks its
-- primary key in the list's own order (newest first, id as tie-breaker) and joins each run by id.
-- A trigger fills it from the failed node executions as they are recorded, whoever records them; a
-- run's rows go with the run.
create table run_node_failure (
    team_id    bigint       not null,
    node_key   varchar(200) not null,
    start_time timestamptz  not null,
    id         varchar(36)  not null references workflow_instance (id) on delete cascade,
    primary key (team_id, node_key, start_time, id)
);
create index run_node_failure_run_idx on run_node_failure (id);

insert into run_node_failure (team_id, node_key, start_time, id)
select distinct i.team_id, n.node_key, i.start_time, i.id
  from node_execution n
  join workflow_instance i on i.id = n.instance_id
 where n.state = 'Failed';

create function record_run_node_failure() returns trigger language plpgsql as $$
begin
    insert into run_node_failure (team_id, node_key, start_time, id)
    select i.team_id, new.node_key, i.start_time, i.id from workflow_instance i where i.id = new.instance_id
    on conflict do nothing;
    return null;
end
$$;

create trigger node_execution_failure after insert on node_execution
    for each row when (new.state = 'Failed') execute function record_run_node_failure();

-- the list no longer looks failures up by node key across all runs
drop index node_execution_failed_idx;
