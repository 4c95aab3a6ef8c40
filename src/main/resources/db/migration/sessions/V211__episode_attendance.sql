-- Each episode's attended sessions, kept as attendance is recorded, so that the practice's outcome
-- report reads one row per episode instead of counting every appointment of the practice
-- (docs/benchmarks.md). Kept by statement triggers on appointment, so a bulk insert is one upsert.
create table episode_attendance (
    practice_id uuid not null references practice (id),
    episode_id  uuid not null,
    attended    integer not null check (attended >= 0),
    primary key (practice_id, episode_id),
    -- goes with its episode (erase_client deletes the episode after its appointments)
    foreign key (practice_id, episode_id) references episode (practice_id, id) on delete cascade
);

alter table episode_attendance enable row level security;
alter table episode_attendance force row level security;
create policy episode_attendance_tenant on episode_attendance using (practice_id = app_practice());
grant select, insert, update on episode_attendance to ${appRole};

-- Each event's trigger names only the transition tables it has (an update has both); PL/pgSQL plans
-- a statement when it first runs it, so a branch for a table the event lacks is never planned.
create function episode_attendance_count() returns trigger language plpgsql as $$
begin
    if tg_op in ('INSERT', 'UPDATE') then
        insert into episode_attendance as a (practice_id, episode_id, attended)
        select practice_id, episode_id, count(*) from added where attendance = 'ATTENDED'
        group by practice_id, episode_id
        on conflict (practice_id, episode_id) do update set attended = a.attended + excluded.attended;
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        update episode_attendance a set attended = a.attended - gone.attended
        from (select practice_id, episode_id, count(*) as attended from removed where attendance = 'ATTENDED'
              group by practice_id, episode_id) gone
        where a.practice_id = gone.practice_id and a.episode_id = gone.episode_id;
    end if;
    return null;
end
$$;
create trigger episode_attendance_added after insert on appointment
    referencing new table as added for each statement execute function episode_attendance_count();
create trigger episode_attendance_changed after update on appointment
    referencing old table as removed new table as added for each statement execute function episode_attendance_count();
create trigger episode_attendance_removed after delete on appointment
    referencing old table as removed for each statement execute function episode_attendance_count();

-- The sessions attended so far, as the owner (forced row-level security would show it none).
alter table appointment no force row level security;
alter table episode_attendance no force row level security;
insert into episode_attendance (practice_id, episode_id, attended)
select practice_id, episode_id, count(*) from appointment where attendance = 'ATTENDED'
group by practice_id, episode_id;
alter table appointment force row level security;
alter table episode_attendance force row level security;
