-- An erased person's login reads « [effacé] » once their data key is destroyed: when the accounts read
-- model is rebuilt, each erased account of a school is created again with that login before its
-- AccountErased arrives. Only real logins are unique per school.
DROP INDEX account_login_unique;
CREATE UNIQUE INDEX account_login_unique ON account (uai, login) WHERE status <> 'ERASED' AND login <> '[effacé]';
