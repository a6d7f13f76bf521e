-- Trace frames no longer reference their run's row. A run a caller waits for gets its row with its
-- first history rows, in the history writer's transaction; the trace writer commits on its own
-- connection, in parallel, and would otherwise have to wait for that commit before every batch of
-- frames. Frames are a projection that is read only through its run (the access check reads the run
-- first) and deleted with it by the retention pass, table by table.
alter table trace_frame drop constraint if exists trace_frame_instance_id_fkey;
