-- An append in one call: the lane's lock and head (audit_claim_lane), the row's hash, the row and
-- the lane's new head, instead of a round trip to claim the lane and another to write. The hash is
-- SHA-256 over the lane's previous hash followed by the row's fields as the application encodes
-- them (AuditChain.fields: each length-prefixed), so the application's verification (audit-verify)
-- recomputes the same hash. Invoker's rights: row-level security applies as to the application's
-- own statements.
create function audit_append(of_practice uuid, lock_keys text[], waited_lane integer, event_id uuid,
                             occurred timestamptz, actor uuid, role text, subject uuid, event_action text,
                             event_resource_type text, event_resource_id text, event_outcome text,
                             from_address text, of_request text, fields bytea)
    returns void language plpgsql volatile as $$
declare
    claimed integer;
    previous bytea;
    digest bytea;
begin
    select c.lane, coalesce(c.head, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)
    into claimed, previous from audit_claim_lane(of_practice, lock_keys, waited_lane) c;
    digest := sha256(previous || fields);
    insert into audit_event (id, practice_id, occurred_at, actor_account_id, actor_role, subject_client_id, action,
                             resource_type, resource_id, outcome, address, request_id, lane, prev_hash, hash)
    values (event_id, of_practice, occurred, actor, role, subject, event_action, event_resource_type,
            event_resource_id, event_outcome, from_address, of_request, claimed, previous, digest);
    insert into audit_chain_head (practice_id, lane, hash) values (of_practice, claimed, digest)
    on conflict (practice_id, lane) do update set hash = excluded.hash;
end
$$;
