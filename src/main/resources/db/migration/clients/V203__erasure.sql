-- A client's request to erase their records (GDPR Art. 17). What the law lets the practice keep
-- (the clinical record, for the retention period: Art. 17(3)(b), (c), (e)) is restricted at once:
-- no therapist sees it, only emergency access does; contact details and portal access go at once.
-- At the end of the retention period erase_client deletes every row of the client.
alter table client add column erasure_requested_at timestamptz;
alter table client add column retain_until date;
alter table client add constraint client_erasure_retained check ((erasure_requested_at is null) = (retain_until is null));
create index client_retained on client (practice_id, retain_until) where retain_until is not null;

-- How long the practice keeps a record after an erasure request, by the law it works under
-- (10 years in Germany, §630f BGB; 8 for adults in England). No row: 10 years.
create table retention_rule (
    practice_id uuid primary key references practice (id),
    years       integer not null check (years between 1 and 30),
    changed_at  timestamptz not null
);
alter table retention_rule enable row level security;
alter table retention_rule force row level security;
create policy retention_rule_tenant on retention_rule using (practice_id = app_practice());
grant select, insert, update on retention_rule to ${appRole};

-- Unsent and sent mail to an address that is to be forgotten.
grant delete on mail_outbox to ${appRole};

-- The application role may not delete clinical rows; this function, owned by the owner of the
-- tables, deletes one client's, and only of a client whose erasure was requested and whose
-- retention ended by the given day. Row-level security still holds: only the current practice's
-- rows are seen. Rows whose reading is their author's alone (process notes, dynamics) get a
-- policy for the owner only (a delete must also see the rows it deletes).
do $$
begin
    execute format('create policy process_note_erasure on process_note to %I using (practice_id = app_practice())',
                   current_user);
    execute format('create policy session_dynamic_erasure on session_dynamic to %I using (practice_id = app_practice())',
                   current_user);
end $$;

create function erase_client(erased uuid, today date) returns boolean
    language plpgsql security definer set search_path = public as $$
declare
    practice  uuid := app_practice();
    login     uuid;
    episodes  uuid[];
    brought   uuid[];
begin
    select account_id into login from client
    where practice_id = practice and id = erased and retain_until is not null and retain_until <= today
    for update; -- a second node erasing the same client waits here, then finds nothing
    if not found then
        return false;
    end if;
    episodes := array(select id from episode where practice_id = practice and client_id = erased);
    brought := array(select id from supervision_request where practice_id = practice and episode_id = any(episodes));

    delete from supervision_review where practice_id = practice and request_id = any(brought);
    delete from supervision_record where practice_id = practice and request_id = any(brought);
    delete from supervision_request where practice_id = practice and id = any(brought);
    delete from measure_response where practice_id = practice and (episode_id = any(episodes) or client_id = erased);
    delete from alert where practice_id = practice and (episode_id = any(episodes) or client_id = erased);
    delete from measure_request where practice_id = practice and (episode_id = any(episodes) or client_id = erased);
    delete from measure_schedule where practice_id = practice and episode_id = any(episodes);
    delete from measure_span where practice_id = practice and episode_id = any(episodes);
    delete from note_addendum where practice_id = practice
        and note_id in (select id from progress_note where practice_id = practice and episode_id = any(episodes));
    delete from progress_note where practice_id = practice and episode_id = any(episodes);
    delete from process_note where practice_id = practice and episode_id = any(episodes);
    delete from session_dynamic where practice_id = practice and episode_id = any(episodes);
    delete from rupture where practice_id = practice and episode_id = any(episodes);
    delete from task_attempt where practice_id = practice
        and task_id in (select id from between_session_task where practice_id = practice and episode_id = any(episodes));
    delete from between_session_task where practice_id = practice and episode_id = any(episodes);
    delete from session_preparation where practice_id = practice and episode_id = any(episodes);
    delete from appointment where practice_id = practice and episode_id = any(episodes);
    delete from goal_rating where practice_id = practice
        and focus_id in (select id from change_focus where practice_id = practice and episode_id = any(episodes));
    delete from change_focus where practice_id = practice and episode_id = any(episodes);
    delete from agreement_version where practice_id = practice and episode_id = any(episodes);
    delete from review where practice_id = practice and episode_id = any(episodes);
    delete from import_key where practice_id = practice and (internal_id = erased or internal_id = any(episodes));
    delete from episode where practice_id = practice and id = any(episodes);
    delete from expectations_acknowledgement where practice_id = practice and client_id = erased;
    delete from measurement_consent where practice_id = practice and client_id = erased;
    delete from referrer_sharing_consent where practice_id = practice and client_id = erased;
    delete from emergency_access where practice_id = practice and client_id = erased;
    delete from client where practice_id = practice and id = erased;
    if login is not null then
        delete from one_time_token where practice_id = practice and account_id = login;
        delete from calendar_feed where practice_id = practice and account_id = login;
        delete from client_export where practice_id = practice and account_id = login;
        delete from spring_session where principal_name = login::text;
        delete from account where practice_id = practice and id = login and roles = array['CLIENT'];
    end if;
    return true;
end $$;
revoke all on function erase_client(uuid, date) from public;
grant execute on function erase_client(uuid, date) to ${appRole};
