-- Which graph scope a node run sat in ('' top level, 'loop[2]/' an iteration, 'sub/' a sub-workflow):
-- a run resumed after a restart rebuilds each loop iteration and sub-workflow from its own rows.
alter table node_execution add column scope text not null default '';
