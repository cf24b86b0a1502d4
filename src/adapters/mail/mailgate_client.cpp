#include "adapters/mail/mailgate_client.hpp"

#include <curl/curl.h>

namespace chamado::mail {
namespace {

std::size_t Collect(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

std::string Escape(CURL* curl, const std::string& s) {
  char* e = curl_easy_escape(curl, s.c_str(), static_cast<int>(s.size()));
  std::string out = e ? e : "";
  curl_free(e);
  return out;
}

}  // namespace

MailgateAnswer PostInboundMail(const std::string& base_url, const std::string& token, const std::string& recipient,
                               const std::string& raw, long timeout_seconds) {
  MailgateAnswer a;
  CURL* curl = curl_easy_init();
  if (!curl) {
    a.body = "curl_easy_init failed";
    return a;
  }
  std::string url = base_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += "/api/v2/chamado/mail/inbound";
  if (!recipient.empty()) url += "?recipient=" + Escape(curl, recipient);
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: message/rfc822");
  headers = curl_slist_append(headers, ("Authorization: Bearer " + token).c_str());
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, raw.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(raw.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &a.body);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  const CURLcode rc = curl_easy_perform(curl);
  if (rc != CURLE_OK) {
    a.http_status = 0;
    a.body = curl_easy_strerror(rc);
  } else {
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    a.http_status = static_cast<int>(code);
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return a;
}

int MailgateExitCode(int http_status) {
  constexpr int kOk = 0, kDataErr = 65, kTempFail = 75;
  if (http_status >= 200 && http_status < 300) return kOk;
  if (http_status == 0 || http_status >= 500) return kTempFail;
  if (http_status == 401 || http_status == 403 || http_status == 408 || http_status == 429) return kTempFail;
  if (http_status >= 400) return kDataErr;
  return kTempFail;  // 1xx/3xx: not an answer we understand; try again later
}

}  // namespace chamado::mail
