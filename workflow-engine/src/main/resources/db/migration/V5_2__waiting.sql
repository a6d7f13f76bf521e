-- Human confirmation: a run paused before a node with needHumanConfirm is 'Waiting'.
alter table workflow_instance drop constraint if exists workflow_instance_state_check;
alter table workflow_instance add constraint workflow_instance_state_check
    check (state in ('Pending', 'Running', 'Waiting', 'Completed', 'Failed', 'Canceled'));
create index workflow_instance_waiting_idx on workflow_instance (state) where state = 'Waiting';
