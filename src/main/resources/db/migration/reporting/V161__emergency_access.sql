-- Break-glass access: an administrator, who otherwise sees no clinical content, opens one client's
-- record for a stated reason and a limited time. The client sees it in their access history.
create table emergency_access (
    practice_id uuid not null references practice (id),
    id          uuid primary key,
    client_id   uuid not null,
    granted_to  uuid not null,
    reason      text not null check (length(reason) between 10 and 2000),
    granted_at  timestamptz not null,
    expires_at  timestamptz not null,
    check (expires_at > granted_at),
    foreign key (practice_id, client_id) references client (practice_id, id),
    foreign key (practice_id, granted_to) references account (practice_id, id)
);
create index emergency_access_client on emergency_access (practice_id, client_id, granted_at);

alter table emergency_access enable row level security;
alter table emergency_access force row level security;
create policy emergency_access_tenant on emergency_access using (practice_id = app_practice());

grant select, insert on emergency_access to ${appRole};
