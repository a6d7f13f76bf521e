-- A run's node executions and events no longer reference its row by foreign key, as its trace
-- frames already do not. Checking each of a run's thirty-odd history rows against the run's row (an
-- index lookup and a row lock per inserted row) cost the database about 8 us per row, a tenth of
-- its CPU per run, for a guarantee the writers give anyway: the history writer inserts a run's row
-- before or with its first history rows, in one transaction, and the retention pass deletes a
-- run's rows table by table before the run's own. History tables of workflow engines commonly do
-- without such keys (Camunda's have none).
alter table node_execution drop constraint if exists node_execution_instance_id_fkey;
alter table instance_event drop constraint if exists instance_event_instance_id_fkey;
