/**
 * Every {@code auth.*} configuration key (AuthConfig, a @ConfigMapping) and the strict JSON reader.
 */
package dev.userinfo.auth.config;
