/**
 * Registered apps (OAuth clients): registration and its rules, client secrets, redirect URIs, the admin API, and
 * the demo app and users of the local and dev profiles (DemoData).
 */
package dev.userinfo.auth.app;
