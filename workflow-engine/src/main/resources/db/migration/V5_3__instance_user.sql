-- The user who started a run, so a run resumed after a restart keeps its sys.userId.
alter table workflow_instance add column started_by_user_id bigint;
