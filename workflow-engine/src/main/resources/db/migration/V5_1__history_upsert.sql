-- node executions are keyed by (run, event sequence): lets the history writer retry a batch with
-- "on conflict do nothing" and lets the driver rewrite batched inserts into multi-row inserts
drop index node_execution_instance_idx;
create unique index node_execution_instance_seq_uq on node_execution (instance_id, seq);
