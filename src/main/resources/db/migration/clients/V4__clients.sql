create table client (
    practice_id  uuid not null references practice (id),
    id           uuid primary key,
    display_name text not null check (length(display_name) between 1 and 200),
    email        text check (email = lower(email)),
    account_id   uuid,
    therapist_id uuid,
    created_at   timestamptz not null,
    version      integer not null default 0,
    unique (practice_id, id),
    unique (account_id),
    foreign key (practice_id, account_id) references account (practice_id, id),
    foreign key (practice_id, therapist_id) references account (practice_id, id)
);
create index client_therapist on client (practice_id, therapist_id);

alter table client enable row level security;
alter table client force row level security;
create policy client_tenant on client using (practice_id = app_practice());

grant select, insert, update on client to ${appRole};
