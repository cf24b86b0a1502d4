#include "main/logger.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace chamado {
namespace {

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

JsonLogger::JsonLogger(const std::string& level) {
  log_ = spdlog::stderr_logger_mt("chamado-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
  log_->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})", spdlog::pattern_time_type::utc);
  log_->set_level(spdlog::level::from_str(level));
  log_->flush_on(spdlog::level::info);
}

void JsonLogger::Log(int level, std::string_view event, std::string_view detail) {
  std::string line = "\"event\":\"" + Escape(event) + "\",";
  if (!detail.empty() && detail.front() == '{')
    line += "\"data\":" + std::string(detail);
  else
    line += "\"message\":\"" + Escape(detail) + "\"";
  log_->log(static_cast<spdlog::level::level_enum>(level), line);
}

void JsonLogger::Info(std::string_view e, std::string_view d) { Log(spdlog::level::info, e, d); }
void JsonLogger::Warn(std::string_view e, std::string_view d) { Log(spdlog::level::warn, e, d); }
void JsonLogger::Error(std::string_view e, std::string_view d) { Log(spdlog::level::err, e, d); }

}  // namespace chamado
