-- An append's lane and that lane's head in one call (one round trip instead of two). The lanes
-- are tried in order and the first free one is taken; when all are taken, the append waits for
-- the lane it was given. The head is read by a statement of its own after the lock is held, so
-- under read committed it sees the head the lane's previous holder committed (a single statement
-- would read with the snapshot it began with, from before the lock). Invoker's rights: the
-- row-level security of audit_chain_head applies as it does to the application's own queries.
create function audit_claim_lane(of_practice uuid, lock_keys text[], waited_lane integer)
    returns table (lane integer, head bytea) language plpgsql volatile as $$
declare
    claimed integer;
begin
    for candidate in 0 .. array_length(lock_keys, 1) - 1 loop
        if pg_try_advisory_xact_lock(hashtextextended(lock_keys[candidate + 1], 7411)) then
            claimed := candidate;
            exit;
        end if;
    end loop;
    if claimed is null then
        claimed := waited_lane;
        perform pg_advisory_xact_lock(hashtextextended(lock_keys[claimed + 1], 7411));
    end if;
    lane := claimed;
    if of_practice is null then
        select h.hash into head from audit_chain_head h where h.practice_id is null and h.lane = claimed;
    else
        select h.hash into head from audit_chain_head h where h.practice_id = of_practice and h.lane = claimed;
    end if;
    return next;
end
$$;
