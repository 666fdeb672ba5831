package dev.userinfo.archfixture.cyclic.b;

/** Fixture: the other half of a package cycle. */
public class B {
    dev.userinfo.archfixture.cyclic.a.A a;
}
