-- Process notes: the therapist's private notes, sealed with Tink before they reach the database.
-- Only ciphertext is stored, and only their author can even see the row: the policy asks for the
-- signed-in account as well as the practice.
create table process_note (
    practice_id uuid not null references practice (id),
    id          uuid primary key,
    episode_id  uuid not null,
    author_id   uuid not null,
    sealed      bytea not null,
    written_at  timestamptz not null,
    updated_at  timestamptz not null,
    version     integer not null default 0,
    foreign key (practice_id, episode_id) references episode (practice_id, id),
    foreign key (practice_id, author_id) references account (practice_id, id)
);
create index process_note_episode on process_note (practice_id, episode_id, author_id, written_at);

alter table process_note enable row level security;
alter table process_note force row level security;
create policy process_note_author_only on process_note
    using (practice_id = app_practice() and author_id = app_account());

grant select, insert, update on process_note to ${appRole};
