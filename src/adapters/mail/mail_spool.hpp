#pragma once
// app::MailSpool on a directory (DATA/tmp): an inbound message's attachments and a suspended
// message's raw bytes go through a private temporary file on their way to the blob store.
#include <string>

#include "app/mail_intake.hpp"

namespace chamado::mail {

class FileMailSpool final : public app::MailSpool {
 public:
  explicit FileMailSpool(std::string dir) : dir_(std::move(dir)) {}
  Result<std::string> Write(std::string_view bytes) override;
  void Remove(const std::string& path) override;

 private:
  std::string dir_;
};

}  // namespace chamado::mail
