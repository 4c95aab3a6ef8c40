-- Instruments a practice adds itself, stored as their validated JSON definition.
create table practice_instrument (
    practice_id uuid not null references practice (id),
    id          uuid primary key,
    instrument  text not null check (instrument ~ '^[a-z0-9][a-z0-9-]{0,40}$'),
    version     integer not null,
    definition  text not null check (length(definition) <= 200000),
    added_by    uuid not null,
    added_at    timestamptz not null,
    unique (practice_id, instrument, version)
);

alter table practice_instrument enable row level security;
alter table practice_instrument force row level security;
create policy practice_instrument_tenant on practice_instrument using (practice_id = app_practice());

grant select, insert on practice_instrument to ${appRole};
