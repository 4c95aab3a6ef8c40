-- Several chains ("lanes") per practice, so that appends to one practice's log no longer queue
-- behind each other's commits, and each chain's latest hash kept in a row of its own, so that an
-- append reads one row however long the log is (docs/adr/0008-audit-chain-lanes.md). Existing
-- rows form lane 0, unchanged, so their hashes still hold. Stop every node before this migration
-- runs: a node of an older version would chain across lanes.
alter table audit_event add column lane smallint not null default 0 check (lane between 0 and 15);
drop index audit_event_chain;
create index audit_event_chain on audit_event (practice_id, lane, seq);

-- The head of each chain: written under the lane's lock by the append that moves it. Only a
-- shortcut; audit-verify walks the rows themselves, and a head changed behind the application's
-- back breaks the chain at the next append, where verification names it.
create table audit_chain_head (
    practice_id  uuid references practice (id),
    lane         smallint not null check (lane between 0 and 15),
    hash         bytea not null,
    unique nulls not distinct (practice_id, lane)
);
insert into audit_chain_head (practice_id, lane, hash)
select distinct on (practice_id) practice_id, 0, hash from audit_event order by practice_id, seq desc;

alter table audit_chain_head enable row level security;
alter table audit_chain_head force row level security;
create policy audit_chain_head_tenant on audit_chain_head
    using (practice_id is not distinct from app_practice())
    with check (practice_id is not distinct from app_practice());

grant select, insert, update (hash) on audit_chain_head to ${appRole};
