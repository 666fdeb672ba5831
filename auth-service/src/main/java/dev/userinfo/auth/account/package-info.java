/**
 * The signed-in user's own pages: the apps they authorized (withdraw, mute prompts) and their personal access
 * tokens. Apart from consent, pat and prompt because it uses all three (this broke authorize -> consent -> prompt
 * -> authorize).
 */
package dev.userinfo.auth.account;
