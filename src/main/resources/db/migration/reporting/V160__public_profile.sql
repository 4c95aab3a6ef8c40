-- Whether the practice publishes its honest profile at /p/{slug}. Off unless the practice opts in.
create table public_profile (
    practice_id uuid primary key references practice (id),
    published   boolean not null,
    updated_at  timestamptz not null,
    updated_by  uuid not null
);

alter table public_profile enable row level security;
alter table public_profile force row level security;
create policy public_profile_tenant on public_profile using (practice_id = app_practice());

grant select, insert, update on public_profile to ${appRole};
