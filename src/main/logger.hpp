#pragma once
#include <memory>
#include <string>

#include "app/ports.hpp"

namespace spdlog {
class logger;
}

namespace chamado {

// One JSON object per line on stderr (stdout carries the CLI's own output).
class JsonLogger final : public app::Logger {
 public:
  explicit JsonLogger(const std::string& level);
  void Info(std::string_view event, std::string_view detail) override;
  void Warn(std::string_view event, std::string_view detail) override;
  void Error(std::string_view event, std::string_view detail) override;

 private:
  void Log(int level, std::string_view event, std::string_view detail);
  std::shared_ptr<spdlog::logger> log_;
};

}  // namespace chamado
