-- Append-only and hash-chained: each row carries the hash of the previous row of the same chain
-- (one chain per practice, one for events outside any practice). The application role may insert
-- and read, never update, delete or truncate.
create table audit_event (
    seq               bigint generated always as identity primary key,
    id                uuid not null unique,
    practice_id       uuid references practice (id),
    occurred_at       timestamptz not null,
    actor_account_id  uuid,
    actor_role        text,
    subject_client_id uuid,
    action            text not null,
    resource_type     text,
    resource_id       text,
    outcome           text not null,
    address           text,
    request_id        text,
    prev_hash         bytea not null,
    hash              bytea not null
);
create index audit_event_chain on audit_event (practice_id, seq);
create index audit_event_subject on audit_event (practice_id, subject_client_id, seq);

alter table audit_event enable row level security;
alter table audit_event force row level security;
create policy audit_event_tenant on audit_event
    using (practice_id is not distinct from app_practice())
    with check (practice_id is not distinct from app_practice());

grant select, insert on audit_event to ${appRole};
