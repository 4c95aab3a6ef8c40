create table review (
    practice_id        uuid not null references practice (id),
    id                 uuid primary key,
    episode_id         uuid not null,
    held_at            timestamptz not null,
    attended_sessions  integer not null check (attended_sessions >= 0),
    decision           text not null check (decision in ('CONTINUE', 'REVISE_AGREEMENT', 'BEGIN_ENDING', 'REFER')),
    note               text check (length(note) <= 4000),
    created_by         uuid not null,
    foreign key (practice_id, episode_id) references episode (practice_id, id)
);
create index review_episode on review (practice_id, episode_id, held_at);

alter table review enable row level security;
alter table review force row level security;
create policy review_tenant on review using (practice_id = app_practice());

grant select, insert on review to ${appRole};
