/**
 * One class per seed API, named after it (ChatroomAccountInfoResource seed 000, VvchatUserinfoResource seed 001,
 * UserDetailResource seed 002, DeveloperProfileResource seed 004; OidcUserinfoResource the standard one): each maps
 * a capability's result to its seed's envelope, the rules stay in profile, app and prompt.
 */
package dev.userinfo.info.dialect;
