#include "adapters/config/common_passwords.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace chamado::config {

// Generated at build time from config/common-passwords.txt: (file name, text).
std::vector<std::pair<std::string_view, std::string_view>> ShippedCommonPasswordFiles();

namespace {

struct Hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

const std::unordered_set<std::string, Hash, std::equal_to<>>& List() {
  static const auto list = [] {
    std::unordered_set<std::string, Hash, std::equal_to<>> out;
    for (auto [name, text] : ShippedCommonPasswordFiles()) {
      std::size_t pos = 0;
      while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string line(text.substr(pos, end - pos));
        pos = end + 1;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (line.empty() || line.front() == '#') continue;
        std::transform(line.begin(), line.end(), line.begin(),
                       [](unsigned char c) { return c < 0x80 ? static_cast<char>(std::tolower(c)) : c; });
        out.insert(std::move(line));
      }
    }
    return out;
  }();
  return list;
}

}  // namespace

bool IsCommonPassword(std::string_view lower_password) { return List().contains(lower_password); }

std::function<bool(std::string_view)> CommonPasswords() {
  List();  // parsed now, not during the first sign-up
  return [](std::string_view p) { return IsCommonPassword(p); };
}

std::size_t CommonPasswordCount() { return List().size(); }

}  // namespace chamado::config
