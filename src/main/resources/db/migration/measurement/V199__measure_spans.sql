-- Each episode's first and last scored answer per questionnaire up to its ending, kept as answers
-- are stored, so that the practice's outcome report reads one row per episode and questionnaire
-- instead of sorting every answer of the period (docs/benchmarks.md). An answer given after the
-- ending (follow-up) is not part of it, as in the report. Kept by two triggers: one per statement
-- that stores answers (one upsert for a whole bulk import), and one that rebuilds an episode's
-- rows when its ending moves.
create table measure_span (
    practice_id    uuid not null references practice (id),
    episode_id     uuid not null,
    instrument     text not null,
    first_at       timestamptz not null,
    first_id       uuid not null,
    first_total    double precision not null,
    first_caseness boolean,
    last_at        timestamptz not null,
    last_id        uuid not null,
    last_total     double precision not null,
    last_caseness  boolean,
    scored         integer not null check (scored > 0),
    primary key (practice_id, episode_id, instrument),
    foreign key (practice_id, episode_id) references episode (practice_id, id)
);

alter table measure_span enable row level security;
alter table measure_span force row level security;
create policy measure_span_tenant on measure_span using (practice_id = app_practice());
grant select, insert, update, delete on measure_span to ${appRole};

create function measure_span_add_answers() returns trigger language plpgsql as $$
begin
    insert into measure_span as s (practice_id, episode_id, instrument, first_at, first_id, first_total,
                                   first_caseness, last_at, last_id, last_total, last_caseness, scored)
    select practice_id, episode_id, instrument, first_at, first_id, first_total, first_caseness,
           last_at, last_id, last_total, last_caseness, scored
    from (select r.practice_id, r.episode_id, r.instrument,
                 first_value(r.answered_at) over span as first_at, first_value(r.id) over span as first_id,
                 first_value(r.total) over span as first_total, first_value(r.caseness) over span as first_caseness,
                 last_value(r.answered_at) over span as last_at, last_value(r.id) over span as last_id,
                 last_value(r.total) over span as last_total, last_value(r.caseness) over span as last_caseness,
                 count(*) over span as scored, row_number() over span as nth
          from stored r join episode e on e.practice_id = r.practice_id and e.id = r.episode_id
          where r.total is not null and (e.ended_at is null or r.answered_at <= e.ended_at)
          window span as (partition by r.practice_id, r.episode_id, r.instrument order by r.answered_at, r.id
                          rows between unbounded preceding and unbounded following)) added
    where nth = 1
    on conflict (practice_id, episode_id, instrument) do update set
        first_at = case when (excluded.first_at, excluded.first_id) < (s.first_at, s.first_id)
                        then excluded.first_at else s.first_at end,
        first_id = case when (excluded.first_at, excluded.first_id) < (s.first_at, s.first_id)
                        then excluded.first_id else s.first_id end,
        first_total = case when (excluded.first_at, excluded.first_id) < (s.first_at, s.first_id)
                           then excluded.first_total else s.first_total end,
        first_caseness = case when (excluded.first_at, excluded.first_id) < (s.first_at, s.first_id)
                              then excluded.first_caseness else s.first_caseness end,
        last_at = case when (excluded.last_at, excluded.last_id) > (s.last_at, s.last_id)
                       then excluded.last_at else s.last_at end,
        last_id = case when (excluded.last_at, excluded.last_id) > (s.last_at, s.last_id)
                       then excluded.last_id else s.last_id end,
        last_total = case when (excluded.last_at, excluded.last_id) > (s.last_at, s.last_id)
                          then excluded.last_total else s.last_total end,
        last_caseness = case when (excluded.last_at, excluded.last_id) > (s.last_at, s.last_id)
                             then excluded.last_caseness else s.last_caseness end,
        scored = s.scored + excluded.scored;
    return null;
end
$$;
create trigger measure_span_answers after insert on measure_response
    referencing new table as stored for each statement execute function measure_span_add_answers();

-- All of an episode's rows from its answers: when its ending moves, and to fill the table below.
create function measure_span_rebuild(of_practice uuid, of_episode uuid) returns void language sql as $$
    delete from measure_span where practice_id = of_practice and (of_episode is null or episode_id = of_episode);
    insert into measure_span (practice_id, episode_id, instrument, first_at, first_id, first_total, first_caseness,
                              last_at, last_id, last_total, last_caseness, scored)
    select practice_id, episode_id, instrument, first_at, first_id, first_total, first_caseness,
           last_at, last_id, last_total, last_caseness, scored
    from (select r.practice_id, r.episode_id, r.instrument,
                 first_value(r.answered_at) over span as first_at, first_value(r.id) over span as first_id,
                 first_value(r.total) over span as first_total, first_value(r.caseness) over span as first_caseness,
                 last_value(r.answered_at) over span as last_at, last_value(r.id) over span as last_id,
                 last_value(r.total) over span as last_total, last_value(r.caseness) over span as last_caseness,
                 count(*) over span as scored, row_number() over span as nth
          from measure_response r join episode e on e.practice_id = r.practice_id and e.id = r.episode_id
          where r.practice_id = of_practice and (of_episode is null or r.episode_id = of_episode)
            and r.total is not null and (e.ended_at is null or r.answered_at <= e.ended_at)
          window span as (partition by r.practice_id, r.episode_id, r.instrument order by r.answered_at, r.id
                          rows between unbounded preceding and unbounded following)) kept
    where nth = 1;
$$;

create function measure_span_ending_moved() returns trigger language plpgsql as $$
begin
    perform measure_span_rebuild(new.practice_id, new.id);
    return null;
end
$$;
create trigger measure_span_ending after update of ended_at on episode
    for each row when (old.ended_at is distinct from new.ended_at) execute function measure_span_ending_moved();

-- The answers stored so far, as the owner (forced row-level security would show it none).
alter table measure_response no force row level security;
alter table episode no force row level security;
alter table measure_span no force row level security;
select measure_span_rebuild(id, null) from practice;
alter table measure_response force row level security;
alter table episode force row level security;
alter table measure_span force row level security;
