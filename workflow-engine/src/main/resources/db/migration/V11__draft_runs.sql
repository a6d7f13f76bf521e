-- A run of an unsaved draft (tried out from an editor) has version 0 and keeps the design it ran
-- here; the status report, the debug channel and a server taking the run over read it from here.
-- Null for runs of published versions, whose design is the version's.
alter table workflow_instance add column draft_design text;
