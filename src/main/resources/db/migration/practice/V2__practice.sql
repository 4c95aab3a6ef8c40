-- The tenant registry. It holds no personal or clinical data, and background jobs must be able to
-- list practices, so it is the one table keyed by practice without row-level security.
create table practice (
    id               uuid primary key,
    slug             text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name             text not null,
    time_zone        text not null,
    crisis_resources text not null default '',
    demo             boolean not null default false,
    created_at       timestamptz not null
);

grant select, insert, update on practice to ${appRole};
