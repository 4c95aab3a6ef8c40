-- Several chains ("lanes") per practice, so that appends to one practice's log no longer queue
-- behind each other's commits (docs/adr/0008-audit-chain-lanes.md). Existing rows form lane 0,
-- unchanged, so their hashes still hold. Stop every node before this migration runs: a node of an
-- older version would chain across lanes.
alter table audit_event add column lane smallint not null default 0 check (lane between 0 and 15);
drop index audit_event_chain;
create index audit_event_chain on audit_event (practice_id, lane, seq);
