// Sending over SMTP with libcurl: see smtp_transport.hpp.
#include "adapters/mail/smtp_transport.hpp"

#include <curl/curl.h>

#include <cstring>
#include <mutex>

#include "adapters/mail/mime_build.hpp"

namespace chamado::mail {
namespace {

struct Upload {
  const std::string* data;
  std::size_t at = 0;
};

std::size_t ReadBody(char* buf, std::size_t size, std::size_t n, void* user) {
  auto* up = static_cast<Upload*>(user);
  const std::size_t len = std::min(size * n, up->data->size() - up->at);
  std::memcpy(buf, up->data->data() + up->at, len);
  up->at += len;
  return len;
}

// The server's latest refusal ("550 5.1.1 <x@example.com>: Recipient address rejected: ..."),
// from curl's debug stream: its error buffer only says "RCPT failed: 550".
int Debug(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  if (type != CURLINFO_HEADER_IN) return 0;
  std::string line(data, size);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  // Only refusals (4xx, 5xx): curl still says QUIT after one, and "221 Bye" is no reason.
  if (!line.empty() && (line[0] == '4' || line[0] == '5')) *static_cast<std::string*>(user) = line;
  return 0;
}

std::string Envelope(const std::string& address) { return "<" + address + ">"; }

}  // namespace

SmtpTransport::SmtpTransport(SmtpOptions o) : o_(std::move(o)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string SmtpTransport::Describe() const { return o_.url; }

Result<void> SmtpTransport::Send(const OutboundEmail& m) {
  const std::string bytes = BuildMime(m);
  CURL* curl = curl_easy_init();
  if (!curl) return Fail(Error::Unavailable("smtp: curl_easy_init failed"));
  Upload up{&bytes};
  std::string last_reply;
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_slist* rcpt = curl_slist_append(nullptr, Envelope(m.to_address).c_str());
  const std::string from = Envelope(m.from_address);
  curl_easy_setopt(curl, CURLOPT_URL, o_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadBody);
  curl_easy_setopt(curl, CURLOPT_READDATA, &up);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(bytes.size()));
  // smtp://: upgrade with STARTTLS when the server offers it, else plain (a relay on loopback);
  // smtps:// is TLS from the first byte anyway.
  curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  if (!o_.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, o_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, o_.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, o_.connect_timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, o_.timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);  // feeds Debug; nothing is printed
  curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, Debug);
  curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &last_reply);
  const CURLcode rc = curl_easy_perform(curl);
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (rc == CURLE_OK) return {};
  std::string why = errbuf[0] ? errbuf : curl_easy_strerror(rc);
  if (!last_reply.empty() && code >= 400) why = last_reply;
  const bool auth = code == 530 || code == 534 || code == 535 || rc == CURLE_LOGIN_DENIED;
  if (code >= 500 && code < 600 && !auth) return Fail(Error::Invalid("smtp", "refused", why));
  return Fail(Error::Unavailable("smtp " + o_.url + ": " + why));
}

}  // namespace chamado::mail
