-- A therapist's load, shared with a supervisor of their choosing: a snapshot of the indicators at
-- that moment. Nothing of the load page is shared otherwise.
create table load_share (
    practice_id   uuid not null references practice (id),
    id            uuid primary key,
    therapist_id  uuid not null,
    supervisor_id uuid not null,
    snapshot      text not null check (length(snapshot) <= 4000),
    shared_at     timestamptz not null,
    foreign key (practice_id, therapist_id) references account (practice_id, id),
    foreign key (practice_id, supervisor_id) references account (practice_id, id)
);
create index load_share_supervisor on load_share (practice_id, supervisor_id, shared_at);

alter table load_share enable row level security;
alter table load_share force row level security;
create policy load_share_tenant on load_share using (practice_id = app_practice());

grant select, insert on load_share to ${appRole};
