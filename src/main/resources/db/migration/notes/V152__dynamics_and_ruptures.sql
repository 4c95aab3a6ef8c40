-- Relational dynamics the therapist notices in a session, from the shipped taxonomy or the
-- practice's own additions. Private: only their author can see the rows.
create table practice_dynamic (
    practice_id uuid not null references practice (id),
    id          uuid primary key,
    category    text not null check (category in ('CLIENT_STANCE', 'THERAPIST_REACTION', 'RESPONSE')),
    label       text not null check (length(label) between 1 and 120),
    created_by  uuid not null,
    created_at  timestamptz not null,
    unique (practice_id, category, label)
);

create table session_dynamic (
    practice_id uuid not null references practice (id),
    id          uuid primary key,
    episode_id  uuid not null,
    author_id   uuid not null,
    tag         text not null check (length(tag) between 1 and 80),
    noted_on    date not null,
    created_at  timestamptz not null,
    unique (practice_id, episode_id, author_id, noted_on, tag),
    foreign key (practice_id, episode_id) references episode (practice_id, id)
);
create index session_dynamic_episode on session_dynamic (practice_id, episode_id, author_id, noted_on);

-- A strain in the working alliance: who noticed it, its kind, and whether and how it was repaired.
create table rupture (
    practice_id   uuid not null references practice (id),
    id            uuid primary key,
    episode_id    uuid not null,
    noted_on      date not null,
    noticed_by    text not null check (noticed_by in ('CLIENT', 'THERAPIST', 'BOTH')),
    kind          text not null check (kind in ('WITHDRAWAL', 'CONFRONTATION')),
    repair        text not null check (repair in ('NOT_YET', 'PARTLY', 'REPAIRED')),
    how_repaired  text check (length(how_repaired) <= 2000),
    recorded_by   uuid not null,
    recorded_at   timestamptz not null,
    foreign key (practice_id, episode_id) references episode (practice_id, id)
);
create index rupture_episode on rupture (practice_id, episode_id, noted_on);

alter table practice_dynamic enable row level security;
alter table practice_dynamic force row level security;
create policy practice_dynamic_tenant on practice_dynamic using (practice_id = app_practice());
alter table session_dynamic enable row level security;
alter table session_dynamic force row level security;
create policy session_dynamic_author_only on session_dynamic
    using (practice_id = app_practice() and author_id = app_account());
alter table rupture enable row level security;
alter table rupture force row level security;
create policy rupture_tenant on rupture using (practice_id = app_practice());

grant select, insert on practice_dynamic to ${appRole};
grant select, insert, delete on session_dynamic to ${appRole};
grant select, insert, update on rupture to ${appRole};
