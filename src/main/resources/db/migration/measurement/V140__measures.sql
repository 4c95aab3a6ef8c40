-- What to ask a client and when, per episode.
create table measure_schedule (
    practice_id uuid not null references practice (id),
    id          uuid primary key,
    episode_id  uuid not null,
    instrument  text not null,
    occasion    text not null check (occasion in ('BEFORE_SESSION', 'EVERY_N_DAYS', 'AT_REVIEW', 'AT_ENDING',
                                                  'FOLLOW_UP')),
    every_days  integer check (every_days between 1 and 365),
    created_by  uuid not null,
    created_at  timestamptz not null,
    stopped_at  timestamptz,
    check ((occasion = 'EVERY_N_DAYS') = (every_days is not null)),
    foreign key (practice_id, episode_id) references episode (practice_id, id)
);
create unique index measure_schedule_one_live on measure_schedule (practice_id, episode_id, instrument, occasion)
    where stopped_at is null;

-- One questionnaire asked of a client. "occasion_key" names the moment it was asked for (an
-- appointment, a date), so two nodes or two runs of a job never ask twice for the same moment.
-- The single-use link's token is stored only as a hash and cleared once the request is answered.
create table measure_request (
    practice_id    uuid not null references practice (id),
    id             uuid primary key,
    episode_id     uuid not null,
    client_id      uuid not null,
    instrument     text not null,
    occasion       text not null check (occasion in ('BEFORE_SESSION', 'EVERY_N_DAYS', 'AT_REVIEW', 'AT_ENDING',
                                                     'FOLLOW_UP', 'ASKED', 'IN_ROOM')),
    occasion_key   text not null,
    state          text not null check (state in ('OPEN', 'ANSWERED', 'EXPIRED', 'CANCELLED')),
    created_at     timestamptz not null,
    due_at         timestamptz not null,
    expires_at     timestamptz not null,
    token_hash     text unique,
    link_sent_at   timestamptz,
    reminded_at    timestamptz,
    answered_at    timestamptz,
    draft          jsonb,
    draft_saved_at timestamptz,
    unique (practice_id, id),
    unique (practice_id, episode_id, instrument, occasion_key),
    check (due_at <= expires_at),
    foreign key (practice_id, episode_id) references episode (practice_id, id),
    foreign key (practice_id, client_id) references client (practice_id, id)
);
create index measure_request_open on measure_request (practice_id, state, due_at) where state = 'OPEN';
create index measure_request_episode on measure_request (practice_id, episode_id, created_at);

-- A scored answer. At most one per request, and one per submission key: a retry or a double click
-- stores nothing new.
create table measure_response (
    practice_id        uuid not null references practice (id),
    id                 uuid primary key,
    episode_id         uuid not null,
    client_id          uuid not null,
    request_id         uuid unique,
    submission_key     uuid not null,
    instrument         text not null,
    instrument_version integer not null,
    answers            jsonb not null,
    answered_at        timestamptz not null,
    session_number     integer not null check (session_number >= 0),
    source             text not null check (source in ('PORTAL', 'LINK', 'IN_ROOM', 'IMPORT', 'FHIR')),
    entered_by         uuid,
    completeness       text not null check (completeness in ('COMPLETE', 'PRORATED', 'INCOMPLETE')),
    total              double precision,
    band               text,
    caseness           boolean,
    risk               text not null check (risk in ('POSITIVE', 'NEGATIVE', 'UNKNOWN', 'NOT_APPLICABLE')),
    subscales          jsonb not null default '{}',
    unique (practice_id, submission_key),
    foreign key (practice_id, episode_id) references episode (practice_id, id),
    foreign key (practice_id, request_id) references measure_request (practice_id, id)
);
create index measure_response_episode on measure_response (practice_id, episode_id, instrument, answered_at);

-- Something a therapist must look at. Stays open until its owner resolves it with a note. Apart
-- from risk (one per answer), an episode has at most one open alert of each kind.
create table alert (
    practice_id  uuid not null references practice (id),
    id           uuid primary key,
    episode_id   uuid not null,
    client_id    uuid not null,
    kind         text not null check (kind in ('RISK', 'NOT_ON_TRACK', 'DETERIORATION', 'ALLIANCE_DROP', 'OVERDUE')),
    instrument   text,
    owner_id     uuid not null,
    state        text not null check (state in ('OPEN', 'RESOLVED')),
    opened_at    timestamptz not null,
    response_id  uuid,
    resolved_at  timestamptz,
    resolved_by  uuid,
    resolution   text check (length(resolution) <= 4000),
    check ((state = 'RESOLVED') = (resolved_at is not null and resolution is not null)),
    foreign key (practice_id, episode_id) references episode (practice_id, id),
    foreign key (practice_id, owner_id) references account (practice_id, id)
);
create unique index alert_one_open_per_kind on alert (practice_id, episode_id, kind)
    where state = 'OPEN' and kind <> 'RISK';
create index alert_owner_open on alert (practice_id, owner_id) where state = 'OPEN';

alter table measure_schedule enable row level security;
alter table measure_schedule force row level security;
create policy measure_schedule_tenant on measure_schedule using (practice_id = app_practice());
alter table measure_request enable row level security;
alter table measure_request force row level security;
create policy measure_request_tenant on measure_request
    using (practice_id = app_practice() or token_hash = app_lookup_token());
alter table measure_response enable row level security;
alter table measure_response force row level security;
create policy measure_response_tenant on measure_response using (practice_id = app_practice());
alter table alert enable row level security;
alter table alert force row level security;
create policy alert_tenant on alert using (practice_id = app_practice());

grant select, insert, update on measure_schedule, measure_request, alert to ${appRole};
grant select, insert on measure_response to ${appRole};
