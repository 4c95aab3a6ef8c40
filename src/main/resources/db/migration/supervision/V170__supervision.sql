-- A case a therapist brings to a supervisor, with their question and a de-identified summary taken
-- at that moment: the summary is all of the case the supervisor ever sees.
create table supervision_request (
    practice_id   uuid not null references practice (id),
    id            uuid primary key,
    episode_id    uuid not null,
    therapist_id  uuid not null,
    supervisor_id uuid not null,
    question      text not null check (length(question) between 1 and 4000),
    summary       text not null check (length(summary) <= 20000),
    not_on_track  boolean not null,
    state         text not null check (state in ('OPEN', 'DISCUSSED')),
    created_at    timestamptz not null,
    unique (practice_id, id),
    foreign key (practice_id, episode_id) references episode (practice_id, id),
    foreign key (practice_id, therapist_id) references account (practice_id, id),
    foreign key (practice_id, supervisor_id) references account (practice_id, id)
);
create index supervision_request_supervisor on supervision_request (practice_id, supervisor_id, state);
create index supervision_request_episode on supervision_request (practice_id, episode_id);

-- What was discussed and the actions agreed; a not-on-track case is signed off here.
create table supervision_record (
    practice_id  uuid not null references practice (id),
    id           uuid primary key,
    request_id   uuid not null,
    held_on      date not null,
    discussion   text check (length(discussion) <= 8000),
    actions      text not null check (length(actions) between 1 and 4000),
    signed_off   boolean not null,
    recorded_by  uuid not null,
    recorded_at  timestamptz not null,
    foreign key (practice_id, request_id) references supervision_request (practice_id, id)
);

alter table supervision_request enable row level security;
alter table supervision_request force row level security;
create policy supervision_request_tenant on supervision_request using (practice_id = app_practice());
alter table supervision_record enable row level security;
alter table supervision_record force row level security;
create policy supervision_record_tenant on supervision_record using (practice_id = app_practice());

grant select, insert, update on supervision_request to ${appRole};
grant select, insert on supervision_record to ${appRole};
