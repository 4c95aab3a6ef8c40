-- Intake steps the client takes themselves: acknowledging a version of the practice's expectations
-- statement, and giving or withdrawing consent to routine outcome measurement. Both are kept as
-- history (insert only): what a client agreed to, and when, must stay provable.
create table expectations_acknowledgement (
    practice_id     uuid not null references practice (id),
    id              uuid primary key,
    client_id       uuid not null,
    version_id      uuid not null,
    acknowledged_at timestamptz not null,
    unique (practice_id, client_id, version_id),
    foreign key (practice_id, client_id) references client (practice_id, id),
    foreign key (practice_id, version_id) references expectations_version (practice_id, id)
);

alter table expectations_acknowledgement enable row level security;
alter table expectations_acknowledgement force row level security;
create policy expectations_acknowledgement_tenant on expectations_acknowledgement
    using (practice_id = app_practice());

create table measurement_consent (
    seq         bigint generated always as identity,
    practice_id uuid not null references practice (id),
    id          uuid primary key,
    client_id   uuid not null,
    given       boolean not null,
    recorded_at timestamptz not null,
    foreign key (practice_id, client_id) references client (practice_id, id)
);
create index measurement_consent_client on measurement_consent (practice_id, client_id, seq);

alter table measurement_consent enable row level security;
alter table measurement_consent force row level security;
create policy measurement_consent_tenant on measurement_consent using (practice_id = app_practice());

grant select, insert on expectations_acknowledgement, measurement_consent to ${appRole};
