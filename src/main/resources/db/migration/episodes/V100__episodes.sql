create table episode (
    practice_id     uuid not null references practice (id),
    id              uuid primary key,
    client_id       uuid not null,
    therapist_id    uuid not null,
    state           text not null check (state in ('INTAKE', 'ASSESSMENT', 'ACTIVE', 'ENDING', 'ENDED', 'FOLLOW_UP')),
    opened_at       timestamptz not null,
    ending_date     date,
    ended_at        timestamptz,
    ended_by        uuid,
    ending_kind     text check (ending_kind in ('PLANNED', 'CLIENT_INITIATED', 'DROPPED_OUT', 'THERAPIST_INITIATED',
                                                'REFERRED')),
    state_at_ending text check (state_at_ending in ('RECOVERED', 'IMPROVED', 'UNCHANGED', 'DETERIORATED')),
    follow_up_due   date,
    carry_forward   text check (length(carry_forward) <= 8000),
    version         integer not null default 0,
    unique (practice_id, id),
    foreign key (practice_id, client_id) references client (practice_id, id),
    foreign key (practice_id, therapist_id) references account (practice_id, id)
);
-- At most one open episode per client and therapist.
create unique index episode_one_open on episode (practice_id, client_id, therapist_id)
    where state in ('INTAKE', 'ASSESSMENT', 'ACTIVE', 'ENDING');
create index episode_therapist on episode (practice_id, therapist_id);
create index episode_client on episode (practice_id, client_id);

create table change_focus (
    practice_id         uuid not null references practice (id),
    id                  uuid primary key,
    episode_id          uuid not null,
    wording             text not null check (length(wording) between 1 and 2000),
    written_by          text not null check (written_by in ('CLIENT', 'THERAPIST')),
    author_id           uuid not null,
    difficulty          text check (length(difficulty) <= 4000),
    client_wants_change text not null check (client_wants_change in ('UNANSWERED', 'YES', 'NO')),
    therapy_can_help    text not null check (therapy_can_help in ('UNANSWERED', 'YES', 'NO')),
    therapist_reason    text check (length(therapist_reason) <= 4000),
    status              text not null check (status in ('PROPOSED', 'AGREED', 'OUT_OF_SCOPE', 'ACHIEVED', 'SET_ASIDE')),
    scope_note          text check (length(scope_note) <= 4000),
    created_at          timestamptz not null,
    version             integer not null default 0,
    unique (practice_id, id),
    foreign key (practice_id, episode_id) references episode (practice_id, id)
);
create index change_focus_episode on change_focus (practice_id, episode_id);

create table goal_rating (
    practice_id uuid not null references practice (id),
    id          uuid primary key,
    focus_id    uuid not null,
    rating      integer not null check (rating between 0 and 10),
    occasion    text not null check (occasion in ('BASELINE', 'REVIEW')),
    rated_at    timestamptz not null,
    rated_by    uuid not null,
    foreign key (practice_id, focus_id) references change_focus (practice_id, id)
);
-- One baseline per goal: a double submission stores one.
create unique index goal_rating_one_baseline on goal_rating (focus_id) where occasion = 'BASELINE';
create index goal_rating_focus on goal_rating (practice_id, focus_id, rated_at);

create table agreement_version (
    practice_id            uuid not null references practice (id),
    id                     uuid primary key,
    episode_id             uuid not null,
    number                 integer not null check (number > 0),
    planned_sessions       integer check (planned_sessions between 1 and 200),
    planned_end            date,
    frequency              text not null check (length(frequency) between 1 and 200),
    review_every_sessions  integer not null check (review_every_sessions between 1 and 52),
    therapist_commits      text not null check (length(therapist_commits) between 1 and 4000),
    client_commits         text not null check (length(client_commits) between 1 and 4000),
    reason                 text check (length(reason) <= 4000),
    created_by             uuid not null,
    created_at             timestamptz not null,
    acknowledged_at        timestamptz,
    acknowledged_by        uuid,
    check (planned_sessions is not null or planned_end is not null),
    unique (episode_id, number),
    foreign key (practice_id, episode_id) references episode (practice_id, id)
);

alter table episode enable row level security;
alter table episode force row level security;
create policy episode_tenant on episode using (practice_id = app_practice());
alter table change_focus enable row level security;
alter table change_focus force row level security;
create policy change_focus_tenant on change_focus using (practice_id = app_practice());
alter table goal_rating enable row level security;
alter table goal_rating force row level security;
create policy goal_rating_tenant on goal_rating using (practice_id = app_practice());
alter table agreement_version enable row level security;
alter table agreement_version force row level security;
create policy agreement_version_tenant on agreement_version using (practice_id = app_practice());

grant select, insert, update on episode, change_focus, goal_rating, agreement_version to ${appRole};
