/* Every unit-test suite, one line each: SUITE(name) means the file
 * tests/unit/test_name.c defines `Suite *name_suite(void)`. */
SUITE(systable)
SUITE(canon)
SUITE(bind)
SUITE(event)
SUITE(pack)
SUITE(iddb)
SUITE(seccomp)
SUITE(spin)
SUITE(colocate)
SUITE(uts)
SUITE(fakecreds)
SUITE(vwait)
