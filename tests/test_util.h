// Helpers for sandcheck's own tests.
#pragma once

#include <gtest/gtest.h>

#include "core/result.h"

// Unwraps a Result into lhs, or fails the test with the error message.
#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  ASSERT_OK_AND_ASSIGN_IMPL(SANDCHECK_CONCAT(assert_result_, __LINE__), lhs, expr)
#define ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr)       \
  auto tmp = (expr);                                    \
  ASSERT_TRUE(tmp.ok()) << #expr << ": " << tmp.message(); \
  lhs = std::move(tmp).value()

#define ASSERT_OK(expr)                                   \
  do {                                                    \
    auto&& assert_status_ = (expr);                       \
    ASSERT_TRUE(assert_status_.ok()) << #expr << ": " << assert_status_.message(); \
  } while (false)

#define EXPECT_OK(expr)                                   \
  do {                                                    \
    auto&& expect_status_ = (expr);                       \
    EXPECT_TRUE(expect_status_.ok()) << #expr << ": " << expect_status_.message(); \
  } while (false)
