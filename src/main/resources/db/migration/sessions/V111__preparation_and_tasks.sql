-- What the client wants to bring to a session and how the time since went, written before it.
-- One per appointment; the client may change it until the session starts (version guards edits).
create table session_preparation (
    practice_id    uuid not null references practice (id),
    id             uuid primary key,
    appointment_id uuid not null,
    episode_id     uuid not null,
    bring          text check (length(bring) <= 4000),
    since          text check (length(since) <= 4000),
    written_at     timestamptz not null,
    updated_at     timestamptz not null,
    version        integer not null default 0,
    unique (practice_id, appointment_id),
    check (bring is not null or since is not null),
    foreign key (practice_id, episode_id) references episode (practice_id, id)
);

-- Agreed work between sessions: a task or experiment, and who proposed it.
create table between_session_task (
    practice_id uuid not null references practice (id),
    id          uuid primary key,
    episode_id  uuid not null,
    description text not null check (length(description) between 1 and 2000),
    proposed_by text not null check (proposed_by in ('CLIENT', 'THERAPIST', 'TOGETHER')),
    created_by  uuid not null,
    created_at  timestamptz not null,
    state       text not null check (state in ('OPEN', 'DONE', 'SET_ASIDE')),
    unique (practice_id, id),
    foreign key (practice_id, episode_id) references episode (practice_id, id)
);
create index between_session_task_episode on between_session_task (practice_id, episode_id, created_at);

-- The client's log of trying a task: when, how well it went (0–10) and what they learned.
create table task_attempt (
    practice_id  uuid not null references practice (id),
    id           uuid primary key,
    task_id      uuid not null,
    attempted_on date not null,
    went         integer not null check (went between 0 and 10),
    learned      text check (length(learned) <= 4000),
    logged_at    timestamptz not null,
    foreign key (practice_id, task_id) references between_session_task (practice_id, id)
);
create index task_attempt_task on task_attempt (practice_id, task_id, attempted_on);

alter table session_preparation enable row level security;
alter table session_preparation force row level security;
create policy session_preparation_tenant on session_preparation using (practice_id = app_practice());
alter table between_session_task enable row level security;
alter table between_session_task force row level security;
create policy between_session_task_tenant on between_session_task using (practice_id = app_practice());
alter table task_attempt enable row level security;
alter table task_attempt force row level security;
create policy task_attempt_tenant on task_attempt using (practice_id = app_practice());

grant select, insert, update on session_preparation, between_session_task to ${appRole};
grant select, insert on task_attempt to ${appRole};
