// Outbound MIME with GMime 3: see mime_build.hpp.
#include "adapters/mail/mime_build.hpp"

#include <gmime/gmime.h>

#include <cstdint>
#include <cstdio>
#include <mutex>

namespace chamado::mail {
namespace {

void InitGMime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });  // reference-counted by GMime: the parser may init too
}

// A GObject reference released at scope end.
template <typename T>
struct Ref {
  T* p;
  explicit Ref(T* ptr) : p(ptr) {}
  ~Ref() {
    if (p) g_object_unref(p);
  }
  Ref(const Ref&) = delete;
  Ref& operator=(const Ref&) = delete;
};

// A text part holding `utf8` as is (g_mime_text_part_set_text would recode it to the
// "best" charset, often ISO-8859-1), quoted-printable.
GMimePart* TextPart(const char* subtype, const std::string& utf8) {
  GMimeTextPart* part = g_mime_text_part_new_with_subtype(subtype);
  Ref<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(utf8.data(), utf8.size()));
  Ref<GMimeDataWrapper> content(g_mime_data_wrapper_new_with_stream(stream.p, GMIME_CONTENT_ENCODING_DEFAULT));
  g_mime_part_set_content(GMIME_PART(part), content.p);
  g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset", "utf-8");
  g_mime_part_set_content_encoding(GMIME_PART(part), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  return GMIME_PART(part);
}

std::string Bracketed(const std::string& id) { return "<" + id + ">"; }

// A display name is encoded as UTF-8 (GMime would pick ISO-8859-1 when it fits).
void AddMailbox(InternetAddressList* list, const std::string& name, const std::string& address) {
  InternetAddress* ia = internet_address_mailbox_new(name.empty() ? nullptr : name.c_str(), address.c_str());
  internet_address_set_charset(ia, "utf-8");
  internet_address_list_add(list, ia);
  g_object_unref(ia);
}

// The multipart boundary from the Message-ID, not random: a resend is the same bytes. "=_"
// never occurs in quoted-printable text (it writes "=" as "=3D").
std::string Boundary(const std::string& message_id) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : message_id) h = (h ^ c) * 1099511628211ull;
  char buf[40];
  std::snprintf(buf, sizeof buf, "=_chamado_%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

std::string BuildMime(const OutboundEmail& m) {
  InitGMime();
  Ref<GMimeMessage> msg(g_mime_message_new(TRUE));
  GMimeObject* obj = GMIME_OBJECT(msg.p);
  AddMailbox(g_mime_message_get_from(msg.p), m.from_name, m.from_address);
  AddMailbox(g_mime_message_get_to(msg.p), m.to_name, m.to_address);
  if (!m.reply_to.empty()) g_mime_message_add_mailbox(msg.p, GMIME_ADDRESS_TYPE_REPLY_TO, nullptr, m.reply_to.c_str());
  g_mime_message_set_subject(msg.p, m.subject.c_str(), "utf-8");
  GDateTime* date = g_date_time_new_from_unix_utc(UnixSeconds(m.created_at));
  g_mime_message_set_date(msg.p, date);
  g_date_time_unref(date);
  g_mime_message_set_message_id(msg.p, m.message_id.c_str());
  if (!m.in_reply_to.empty()) g_mime_object_set_header(obj, "In-Reply-To", Bracketed(m.in_reply_to).c_str(), nullptr);
  if (!m.references.empty()) {
    std::string refs;
    for (const auto& r : m.references) refs += (refs.empty() ? "" : " ") + Bracketed(r);
    g_mime_object_set_header(obj, "References", refs.c_str(), nullptr);
  }
  if (m.auto_submitted) {
    // RFC 3834: auto-responders must not answer; Exchange's own suppression header too.
    g_mime_object_set_header(obj, "Auto-Submitted", "auto-generated", nullptr);
    g_mime_object_set_header(obj, "X-Auto-Response-Suppress", "All", nullptr);
  }
  if (m.ticket_id) g_mime_object_set_header(obj, "X-Chamado-Ticket", std::to_string(*m.ticket_id).c_str(), nullptr);

  Ref<GMimePart> text(TextPart("plain", m.text_body));
  if (m.html_body.empty()) {
    g_mime_message_set_mime_part(msg.p, GMIME_OBJECT(text.p));
  } else {
    Ref<GMimeMultipart> alt(g_mime_multipart_new_with_subtype("alternative"));
    g_mime_multipart_set_boundary(alt.p, Boundary(m.message_id).c_str());
    Ref<GMimePart> html(TextPart("html", m.html_body));
    g_mime_multipart_add(alt.p, GMIME_OBJECT(text.p));  // plainest first (RFC 2046 §5.1.4)
    g_mime_multipart_add(alt.p, GMIME_OBJECT(html.p));
    g_mime_message_set_mime_part(msg.p, GMIME_OBJECT(alt.p));
  }

  GMimeFormatOptions* opts = g_mime_format_options_clone(g_mime_format_options_get_default());
  g_mime_format_options_set_newline_format(opts, GMIME_NEWLINE_FORMAT_DOS);
  Ref<GMimeStream> out(g_mime_stream_mem_new());
  g_mime_object_write_to_stream(obj, opts, out.p);
  g_mime_format_options_free(opts);
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.p));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

}  // namespace chamado::mail
