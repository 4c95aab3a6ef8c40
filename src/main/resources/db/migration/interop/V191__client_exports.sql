-- A client's download of their own records: one row per requested export, reached once through a
-- secret that is stored only as its hash, within minutes of asking, by the same signed-in client.
create table client_export (
    practice_id uuid not null references practice (id),
    id          uuid primary key,
    account_id  uuid not null,
    token_hash  text not null unique,
    created_at  timestamptz not null,
    expires_at  timestamptz not null,
    used_at     timestamptz,
    foreign key (practice_id, account_id) references account (practice_id, id)
);

alter table client_export enable row level security;
alter table client_export force row level security;
create policy client_export_tenant on client_export using (practice_id = app_practice());

grant select, insert, update on client_export to ${appRole};
