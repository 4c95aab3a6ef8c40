create table appointment (
    practice_id uuid not null references practice (id),
    id          uuid primary key,
    episode_id  uuid not null,
    starts_at   timestamptz not null,
    minutes     integer not null check (minutes between 10 and 240),
    attendance  text not null check (attendance in ('SCHEDULED', 'ATTENDED', 'CANCELLED_BY_CLIENT',
                                                    'CANCELLED_BY_THERAPIST', 'DID_NOT_ATTEND')),
    recorded_at timestamptz,
    created_at  timestamptz not null,
    version     integer not null default 0,
    foreign key (practice_id, episode_id) references episode (practice_id, id)
);
create index appointment_episode on appointment (practice_id, episode_id, starts_at);

-- A secret address per person for their calendar app. Only the hash is stored; a new address
-- revokes the old one.
create table calendar_feed (
    practice_id uuid not null references practice (id),
    id          uuid primary key,
    account_id  uuid not null,
    token_hash  text not null unique,
    created_at  timestamptz not null,
    revoked_at  timestamptz,
    foreign key (practice_id, account_id) references account (practice_id, id)
);
create unique index calendar_feed_one_live on calendar_feed (account_id) where revoked_at is null;

alter table appointment enable row level security;
alter table appointment force row level security;
create policy appointment_tenant on appointment using (practice_id = app_practice());
alter table calendar_feed enable row level security;
alter table calendar_feed force row level security;
create policy calendar_feed_tenant on calendar_feed
    using (practice_id = app_practice() or token_hash = app_lookup_token());

grant select, insert, update on appointment, calendar_feed to ${appRole};
