// The integration tests' main: GoogleTest's, plus a fresh database per test on PostgreSQL.
#include <gtest/gtest.h>

#include "harness.hpp"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  it::UseAFreshDatabasePerTest();
  return RUN_ALL_TESTS();
}
