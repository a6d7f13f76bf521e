-- The nodes a run waits on, with when each began to wait: a server that takes the run over restores
-- their deadlines from here. Written by the history writer from the engine's waiting set; null when
-- nothing waits. An internal record, not an API format.
alter table workflow_instance add column waiting_nodes text;
