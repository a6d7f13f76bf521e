-- A team's runs by start time: the runs list without an app filter, and the dashboard's daily
-- figures, read a team's recent runs; without this they scanned every team's history.
create index workflow_instance_team_idx on workflow_instance (team_id, start_time desc);
