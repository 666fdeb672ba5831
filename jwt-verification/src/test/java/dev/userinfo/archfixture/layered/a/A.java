package dev.userinfo.archfixture.layered.a;

/** Fixture: a depends on b and on a shared jar, nothing back. */
public class A {
    dev.userinfo.archfixture.layered.b.B b;
    dev.userinfo.jwt.VerifiedCaller caller;
}
