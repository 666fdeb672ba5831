/**
 * The developer console (issue #18): pages under {@code /developer} where any signed-in user registers and runs
 * their own apps (credentials shown once, key rotation, redirect URIs, disable, users, tokens per day, seed 000's
 * prompt audit, a quick start per seed dialect). The ownership and approval rules are the {@code app} package's.
 */
package dev.userinfo.auth.developer;
