-- Progress notes: a draft the therapist may change (each save checks the version it started
-- from), then signed and never changed again; later thoughts become addenda.
create table progress_note (
    practice_id    uuid not null references practice (id),
    id             uuid primary key,
    episode_id     uuid not null,
    appointment_id uuid,
    author_id      uuid not null,
    body           text not null check (length(body) between 1 and 20000),
    state          text not null check (state in ('DRAFT', 'SIGNED')),
    version        integer not null default 0,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    signed_at      timestamptz,
    check ((state = 'SIGNED') = (signed_at is not null)),
    unique (practice_id, id),
    foreign key (practice_id, episode_id) references episode (practice_id, id),
    foreign key (practice_id, author_id) references account (practice_id, id)
);
create index progress_note_episode on progress_note (practice_id, episode_id, created_at);

-- A signed note is the record of its moment: the database refuses to change it.
create function progress_note_signed_is_final() returns trigger language plpgsql as $$
begin
    if old.state = 'SIGNED' then
        raise exception 'A signed progress note cannot be changed';
    end if;
    return new;
end $$;
create trigger progress_note_final before update on progress_note
    for each row execute function progress_note_signed_is_final();

create table note_addendum (
    practice_id uuid not null references practice (id),
    id          uuid primary key,
    note_id     uuid not null,
    author_id   uuid not null,
    body        text not null check (length(body) between 1 and 8000),
    added_at    timestamptz not null,
    foreign key (practice_id, note_id) references progress_note (practice_id, id)
);

-- Whether clients read their signed progress notes in the portal. Off unless the practice decides.
create table notes_policy (
    practice_id    uuid primary key references practice (id),
    client_visible boolean not null,
    updated_at     timestamptz not null,
    updated_by     uuid not null
);

alter table progress_note enable row level security;
alter table progress_note force row level security;
create policy progress_note_tenant on progress_note using (practice_id = app_practice());
alter table note_addendum enable row level security;
alter table note_addendum force row level security;
create policy note_addendum_tenant on note_addendum using (practice_id = app_practice());
alter table notes_policy enable row level security;
alter table notes_policy force row level security;
create policy notes_policy_tenant on notes_policy using (practice_id = app_practice());

grant select, insert, update on progress_note, notes_policy to ${appRole};
grant select, insert on note_addendum to ${appRole};
