-- A trace row may now hold several consecutive frames of one run (those written in one batch):
-- frames seq..last_seq, the payload being their JSON array. Rows written before hold one frame
-- (the payload is that frame) and have no last_seq.
alter table trace_frame add column last_seq bigint;
