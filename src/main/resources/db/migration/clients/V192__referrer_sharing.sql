-- The client's decision to let their therapist give a progress report (scores, charts, goal ratings;
-- never notes) to whoever referred them. Only the client decides, in the portal; insert only, like
-- measurement consent, so what held when a report was made stays provable.
create table referrer_sharing_consent (
    seq         bigint generated always as identity,
    practice_id uuid not null references practice (id),
    id          uuid primary key,
    client_id   uuid not null,
    given       boolean not null,
    recorded_at timestamptz not null,
    foreign key (practice_id, client_id) references client (practice_id, id)
);
create index referrer_sharing_consent_client on referrer_sharing_consent (practice_id, client_id, seq);

alter table referrer_sharing_consent enable row level security;
alter table referrer_sharing_consent force row level security;
create policy referrer_sharing_consent_tenant on referrer_sharing_consent using (practice_id = app_practice());

grant select, insert on referrer_sharing_consent to ${appRole};
