-- V196 copied each chain's latest hash into audit_chain_head as the schema owner, whom forced
-- row-level security shows only the rows without a practice: a database upgraded (or a backup
-- restored) from before V196 got no head for any practice, and its next append would have started
-- lane 0 again from the genesis hash, breaking the chain. Here the owner lifts the forcing for the
-- copy, inside this migration's transaction, and puts it back. Heads that exist are left alone.
alter table audit_event no force row level security;
alter table audit_chain_head no force row level security;

insert into audit_chain_head (practice_id, lane, hash)
select distinct on (practice_id, lane) practice_id, lane, hash from audit_event order by practice_id, lane, seq desc
on conflict (practice_id, lane) do nothing;

alter table audit_event force row level security;
alter table audit_chain_head force row level security;
