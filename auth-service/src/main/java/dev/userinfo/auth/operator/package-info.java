/**
 * The operator console (issue #18) at {@code /operator}: server-rendered pages for users whose platform role is
 * {@code operator} or {@code auditor}, a thin layer over the three services' admin APIs called over HTTPS with the
 * signed-in operator's own short-lived access token, so authorization and the audit trail stay the APIs' own.
 */
package dev.userinfo.auth.operator;
