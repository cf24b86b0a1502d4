#pragma once
// IMAP polling (docs/email.md "IMAP"): every poll interval (real time) the mailbox's unseen
// messages are fetched one by one with libcurl and handed to `deliver` (the intake, in
// process); a message is marked \Seen, or moved to `move_to`, only once `deliver` stored it.
// A failure leaves it unseen (the fetch itself sets \Seen: it is taken back), so the next poll
// tries again and nothing is lost. A message the intake will never accept (kInvalid: not a
// message at all) is marked seen and logged, so it does not come back forever.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "app/ports.hpp"

namespace chamado::mail {

struct ImapOptions {
  std::string url;  // imap://host:port/INBOX or imaps://host/INBOX
  std::string user;
  std::string password;
  std::chrono::seconds poll{60};
  std::string move_to;  // empty: mark seen
};

class ImapPoller {
 public:
  using Deliver = std::function<Result<void>(const std::string& raw)>;
  ImapPoller(ImapOptions opts, Deliver deliver, app::Logger& log);
  ~ImapPoller();
  ImapPoller(const ImapPoller&) = delete;
  ImapPoller& operator=(const ImapPoller&) = delete;

  void Start();
  void Stop();
  // One pass over the unseen messages: how many were stored.
  Result<int> PollOnce();

 private:
  void Loop();

  ImapOptions opts_;
  Deliver deliver_;
  app::Logger& log_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace chamado::mail
