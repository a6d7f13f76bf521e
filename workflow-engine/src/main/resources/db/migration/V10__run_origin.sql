-- How each run was started (DEBUG, APP or API): the debug channel reports it, also for a run that a
-- server takes over after a restart. Runs recorded before this column came in were API runs.
alter table workflow_instance add column origin varchar(8) not null default 'API';
