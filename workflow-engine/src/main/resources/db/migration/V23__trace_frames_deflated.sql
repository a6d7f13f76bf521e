-- Trace rows written from now on hold their frames compressed by the platform (the zlib format of
-- the JSON array's UTF-8 bytes) in payload_deflated, which PostgreSQL stores as it is: compressing
-- the same wide text itself took several times the CPU of the rest of the insert. Rows written
-- before keep their text payload; each row has one of the two.
alter table trace_frame alter column payload drop not null;
alter table trace_frame add column payload_deflated bytea;
alter table trace_frame alter column payload_deflated set storage external;
alter table trace_frame add constraint trace_frame_one_payload
    check ((payload is null) <> (payload_deflated is null)) not valid;
