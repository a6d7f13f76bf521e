-- Indexes for the runs list on large histories (a million runs per team). Every list reads a team's
-- runs newest first with the id as tie-breaker, so each index ends in (start_time desc, id desc):
-- the first page and every keyset page are a short index range, never a sort of the whole team.
drop index workflow_instance_team_idx;
drop index workflow_instance_app_idx;
create index workflow_instance_team_time_idx on workflow_instance (team_id, start_time desc, id desc);
create index workflow_instance_app_time_idx on workflow_instance (app_id, start_time desc, id desc);
create index workflow_instance_team_state_idx on workflow_instance (team_id, state, start_time desc, id desc);
create index workflow_instance_team_version_idx on workflow_instance (team_id, version, start_time desc, id desc);
create index workflow_instance_team_error_idx on workflow_instance (team_id, error_code, start_time desc, id desc)
    where error_code is not null;
create index workflow_instance_schedule_time_idx on workflow_instance (schedule_id, start_time desc, id desc)
    where schedule_id is not null;
-- the sorts by duration and tokens; read backwards for the other direction
create index workflow_instance_team_duration_idx on workflow_instance (team_id, duration_ms, id);
create index workflow_instance_team_tokens_idx on workflow_instance (team_id, total_tokens, id);
-- "runs in which node X failed": failures are few, so the list starts from them
create index node_execution_failed_idx on node_execution (node_key, instance_id) where state = 'Failed';

-- Searching parameter text (ilike '%…%') uses a trigram index where the pg_trgm extension may be
-- created; a database that refuses it (a managed service without the extension) still works, with
-- slower searches.
do $$
begin
    create extension if not exists pg_trgm;
exception when others then
    raise notice 'pg_trgm is not available (%): run search scans the runs', sqlerrm;
end $$;
do $$
begin
    if exists (select 1 from pg_extension where extname = 'pg_trgm') then
        create index workflow_instance_parameters_trgm_idx on workflow_instance using gin (parameters gin_trgm_ops);
    end if;
end $$;
