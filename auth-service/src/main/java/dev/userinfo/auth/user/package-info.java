/**
 * The users: the directory (rules, changes, import), password hashing and the admin API. It tells every
 * UserChangeObserver (sessions, revocation, delivery) of a change and imports none of them.
 */
package dev.userinfo.auth.user;
