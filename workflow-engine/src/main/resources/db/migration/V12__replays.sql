-- Replays: a run started from another keeps which (replay_of); a node execution whose recorded
-- outcome a replay reused instead of running the node keeps where it came from (reused_from, the
-- node execution id of the replayed run, as the API shows it).
alter table workflow_instance add column replay_of varchar(36);
create index workflow_instance_replay_of_idx on workflow_instance (replay_of) where replay_of is not null;
alter table node_execution add column reused_from varchar(36);
