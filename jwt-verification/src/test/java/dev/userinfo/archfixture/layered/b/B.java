package dev.userinfo.archfixture.layered.b;

/** Fixture: the lower layer. */
public class B {
}
