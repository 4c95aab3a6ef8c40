-- The practice's expectations statement: what therapy here is and is not, and what clients will be
-- asked to do. Versions are never changed or deleted, because clients acknowledge a particular one.
create table expectations_version (
    practice_id       uuid not null references practice (id),
    id                uuid primary key,
    number            integer not null check (number > 0),
    text              text not null check (length(text) between 1 and 20000),
    author_account_id uuid not null,
    published_at      timestamptz not null,
    unique (practice_id, number),
    unique (practice_id, id),
    foreign key (practice_id, author_account_id) references account (practice_id, id)
);

alter table expectations_version enable row level security;
alter table expectations_version force row level security;
create policy expectations_version_tenant on expectations_version using (practice_id = app_practice());

grant select, insert on expectations_version to ${appRole};
