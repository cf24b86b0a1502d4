#include "adapters/config/common_passwords.hpp"

#include <gtest/gtest.h>

#include "domain/accounts.hpp"

namespace chamado::config {
namespace {

TEST(CommonPasswords, TheShippedListIsEmbeddedAndLowerCased) {
  EXPECT_GT(CommonPasswordCount(), 500u);
  for (std::string_view p : {"senha12345", "contraseña1", "brasil2024", "password123", "qwertyuiop123", "1qaz2wsx3edc",
                             "flamengo123", "teamo123456"})
    EXPECT_TRUE(IsCommonPassword(p)) << p;
  EXPECT_FALSE(IsCommonPassword("tomate-azul-17"));
  EXPECT_FALSE(IsCommonPassword("# common passwords"));  // the file's comments are not entries
  EXPECT_FALSE(IsCommonPassword(""));
}

TEST(CommonPasswords, SignUpRefusesThemWhateverTheCase) {
  const auto is_common = CommonPasswords();
  EXPECT_EQ(CheckPassword("Senha12345", "ana@cliente.com.br", "Ana", is_common), PasswordProblem::kTooCommon);
  EXPECT_EQ(CheckPassword("CONTRASEÑA1", "ana@cliente.com.br", "Ana", is_common), PasswordProblem::kTooCommon);
  EXPECT_EQ(CheckPassword("Brasil2024", "ana@cliente.com.br", "Ana", is_common), PasswordProblem::kTooCommon);
  EXPECT_EQ(CheckPassword("girafa-de-bolinha", "ana@cliente.com.br", "Ana", is_common), PasswordProblem::kNone);
}

}  // namespace
}  // namespace chamado::config
