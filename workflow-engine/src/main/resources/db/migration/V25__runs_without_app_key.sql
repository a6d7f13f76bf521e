-- A run's row no longer references its app by foreign key. Checking the key took a row lock on the
-- app's row for every run that began: each lock is written to the WAL, and runs of one app that
-- commit at once share the lock through a multixact, so a busy app's row became a point every
-- history commit went through. Apps are never deleted, only marked deleted, and a run is started
-- only after its app was read and found runnable, so the key guarded nothing that can happen.
alter table workflow_instance drop constraint if exists workflow_instance_app_id_fkey;
