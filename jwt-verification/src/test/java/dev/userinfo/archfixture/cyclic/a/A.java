package dev.userinfo.archfixture.cyclic.a;

/** Fixture: half of a package cycle. */
public class A {
    dev.userinfo.archfixture.cyclic.b.B b;
}
