#include <gtest/gtest.h>

static int add(int a, int b) { return a + b; }

TEST(Ledger, AddsTwoNumbers) { EXPECT_EQ(add(2, 2), 4); }

TEST(Ledger, AddsNegativeNumbers) { EXPECT_EQ(add(-2, -3), -6); }

TEST(Ledger, DISABLED_ReconcilesTheYear) { EXPECT_EQ(add(1, 1), 2); }

TEST(Ledger, SkipsAClosedBook) { GTEST_SKIP() << "book closed"; }
