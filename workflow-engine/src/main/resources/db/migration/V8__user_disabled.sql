-- An admin can disable a user: the user can no longer sign in (the account and its history stay).
alter table user_account add column disabled boolean not null default false;
