-- A node execution is known by its run and its sequence number within the run, and nothing ever
-- read the generated id: every insert still drew a number from its sequence and added an entry to
-- the primary key's index, twelve times for a ten-node run. The unique index on (instance_id, seq)
-- becomes the primary key instead. Both steps change only the catalog: no table is rewritten.
alter table node_execution drop column id;
alter table node_execution add constraint node_execution_pkey primary key using index node_execution_instance_seq_uq;
