package dev.userinfo.archfixture.intruder.x;

/** Fixture: a "service" importing another one. */
public class X {
    dev.userinfo.archfixture.layered.b.B other;
}
