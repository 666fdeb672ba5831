package dev.userinfo.auth.authorize;

/** Where the authorization response goes, once client and redirect URI are known to be genuine. */
public record Target(Dialect dialect, String redirectUri, String state) {
}
