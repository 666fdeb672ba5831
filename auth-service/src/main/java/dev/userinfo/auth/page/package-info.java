/**
 * Helpers of the server-rendered pages: the HTML form body, CSRF tokens, error pages, page headers, the language of
 * a request and the page texts.
 */
package dev.userinfo.auth.page;
