create table account (
    practice_id          uuid not null references practice (id),
    id                   uuid primary key,
    email                text not null unique check (email = lower(email)),
    display_name         text not null,
    roles                text[] not null check (cardinality(roles) > 0
                             and roles <@ array['CLIENT', 'THERAPIST', 'SUPERVISOR', 'ADMIN']),
    password_hash        text,
    totp_secret          bytea,
    totp_last_step       bigint not null default 0,
    mfa_exempt           boolean not null default false,
    failed_logins        integer not null default 0,
    locked_until         timestamptz,
    disabled_at          timestamptz,
    sessions_valid_after timestamptz not null,
    created_at           timestamptz not null,
    unique (practice_id, id)
);
create index account_practice on account (practice_id);

create table one_time_token (
    practice_id uuid not null references practice (id),
    id          uuid primary key,
    account_id  uuid not null,
    purpose     text not null check (purpose in ('INVITATION', 'LOGIN_LINK', 'PASSWORD_RESET')),
    token_hash  text not null unique,
    expires_at  timestamptz not null,
    used_at     timestamptz,
    created_at  timestamptz not null,
    foreign key (practice_id, account_id) references account (practice_id, id)
);
create index one_time_token_account on one_time_token (account_id);

alter table one_time_token enable row level security;
alter table one_time_token force row level security;
create policy one_time_token_tenant on one_time_token
    using (practice_id = app_practice() or token_hash = app_lookup_token());

alter table account enable row level security;
alter table account force row level security;
create policy account_tenant on account
    using (practice_id = app_practice() or id = app_account() or email = app_lookup_email()
           or id in (select account_id from one_time_token where token_hash = app_lookup_token()));

grant select, insert, update on account, one_time_token to ${appRole};

