-- Bulk imports of historical records: one row per run, with its progress and a per-row error
-- report (line numbers and what to fix, never the values), and the keys that make a re-run of
-- the same file import nothing twice.
create table import_run (
    practice_id    uuid not null references practice (id),
    id             uuid primary key,
    started_by     uuid not null,
    therapist_id   uuid not null,
    format         text not null check (format in ('CSV', 'NDJSON')),
    instrument     text,
    state          text not null check (state in ('CHECKING', 'IMPORTING', 'DONE', 'FAILED')),
    lines_read     integer not null default 0,
    imported       integer not null default 0,
    already        integer not null default 0,
    error_count    integer not null default 0,
    errors         jsonb not null default '[]',
    started_at     timestamptz not null,
    updated_at     timestamptz not null,
    finished_at    timestamptz,
    foreign key (practice_id, started_by) references account (practice_id, id),
    foreign key (practice_id, therapist_id) references account (practice_id, id)
);

create table import_key (
    practice_id uuid not null references practice (id),
    kind        text not null check (kind in ('CLIENT', 'EPISODE')),
    external_id text not null check (length(external_id) between 1 and 200),
    internal_id uuid not null,
    primary key (practice_id, kind, external_id)
);

alter table import_run enable row level security;
alter table import_run force row level security;
create policy import_run_tenant on import_run using (practice_id = app_practice());
alter table import_key enable row level security;
alter table import_key force row level security;
create policy import_key_tenant on import_key using (practice_id = app_practice());

grant select, insert, update on import_run, import_key to ${appRole};
