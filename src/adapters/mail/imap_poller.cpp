#include "adapters/mail/imap_poller.hpp"

#include <curl/curl.h>

#include <sstream>
#include <vector>

namespace chamado::mail {
namespace {

std::size_t Collect(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// One IMAP session (a curl easy handle keeps the connection between requests).
class Session {
 public:
  explicit Session(const ImapOptions& o) : o_(o), curl_(curl_easy_init()) {}
  ~Session() {
    if (curl_) curl_easy_cleanup(curl_);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // A flag change runs on a connection of its own: on a connection that has just fetched,
  // curl (7.88) may answer a custom command with the SELECT alone and never send it.
  // `path` after the mailbox URL ("" or "/;UID=5"); `command` a custom request or "".
  Result<std::string> Run(const std::string& path, const std::string& command) {
    if (!curl_) return Fail(Error::Unavailable("curl_easy_init failed"));
    std::string out;
    std::string url = o_.url;
    while (!url.empty() && url.back() == '/') url.pop_back();
    url += path;
    curl_easy_reset(curl_);
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_USERNAME, o_.user.c_str());
    curl_easy_setopt(curl_, CURLOPT_PASSWORD, o_.password.c_str());
    if (!command.empty()) curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, command.c_str());
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &Collect);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &out);
    curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    const CURLcode rc = curl_easy_perform(curl_);
    if (rc != CURLE_OK)
      return Fail(
          Error::Unavailable("IMAP " + (command.empty() ? "FETCH" + path : command) + ": " + curl_easy_strerror(rc)));
    return out;
  }

 private:
  const ImapOptions& o_;
  CURL* curl_;
};

std::vector<std::string> SearchUids(const std::string& answer) {
  std::vector<std::string> uids;
  std::istringstream lines(answer);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string star, search;
    words >> star >> search;
    if (star != "*" || search != "SEARCH") continue;
    for (std::string uid; words >> uid;)
      if (uid.find_first_not_of("0123456789") == std::string::npos) uids.push_back(uid);
  }
  return uids;
}

}  // namespace

ImapPoller::ImapPoller(ImapOptions opts, Deliver deliver, app::Logger& log)
    : opts_(std::move(opts)), deliver_(std::move(deliver)), log_(log) {}

ImapPoller::~ImapPoller() { Stop(); }

void ImapPoller::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void ImapPoller::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ImapPoller::Loop() {
  for (;;) {
    if (auto n = PollOnce(); !n) log_.Warn("imap_poll_failed", n.error().description);
    std::unique_lock lock(mu_);
    if (cv_.wait_for(lock, opts_.poll, [this] { return stop_; })) return;
  }
}

// A message is marked with this keyword before it is fetched (curl's fetch sets \Seen at once;
// it cannot PEEK) and unmarked once it is stored: a poll reads what is unseen and what is still
// marked, so a message that failed to store, or that a crash left between the fetch and the
// store, is read again (and stored once, by its Message-ID).
constexpr const char* kFetchingKeyword = "ChamadoFetching";

Result<int> ImapPoller::PollOnce() {
  auto found = Session(opts_).Run("", std::string("UID SEARCH OR UNSEEN KEYWORD ") + kFetchingKeyword);
  if (!found) return Fail(found.error());
  int stored = 0;
  for (const auto& uid : SearchUids(*found)) {
    {
      std::lock_guard lock(mu_);
      if (stop_) break;
    }
    // Marked, then fetched, on one connection.
    Result<std::string> raw = Fail(Error::Internal("not fetched"));
    {
      Session one(opts_);
      if (auto mark = one.Run("", "UID STORE " + uid + " +FLAGS (" + kFetchingKeyword + ")"); !mark)
        return Fail(mark.error());
      raw = one.Run("/;UID=" + uid, "");
    }
    if (!raw) return Fail(raw.error());
    auto ok = deliver_(*raw);
    if (!ok && ok.error().code != ErrorCode::kInvalid) {
      // Not stored: it keeps its mark (and the \Seen of the fetch), so the next poll reads it again.
      log_.Warn("imap_deliver_failed", "UID " + uid + " is read again at the next poll: " + ok.error().description);
      continue;
    }
    if (!ok) log_.Warn("imap_not_a_message", "UID " + uid + ": " + ok.error().description + " (marked seen)");
    if (!opts_.move_to.empty()) {
      if (auto mv = Session(opts_).Run("", "UID MOVE " + uid + " \"" + opts_.move_to + "\""); !mv)
        log_.Warn("imap_move_failed", mv.error().description);
    } else if (auto st = Session(opts_).Run("", "UID STORE " + uid + " -FLAGS (" + std::string(kFetchingKeyword) + ")");
               !st) {
      log_.Warn("imap_store_failed", st.error().description);
    }
    if (ok) ++stored;
  }
  return stored;
}

}  // namespace chamado::mail
