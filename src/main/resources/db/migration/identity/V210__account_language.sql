-- The language a person reads Outgrow in, as their browser asked at their last full sign-in.
-- Mail Outgrow writes to them because of someone else's action (a risk alert raised by a
-- client's answer, a handover, an emergency access) is written in it, not in the language of
-- whoever acted. Null until they next sign in; such mail then keeps the actor's language.
alter table account add column language text check (language in ('en', 'de'));
