#pragma once
// Outbound MIME with GMime 3 (docs/email.md "Sending"): an outbox row as RFC 5322 bytes.
// Built at send time from the row alone, so a resend is byte-for-byte the same message
// (same Message-ID, same Date = the row's created_at).
#include <string>

#include "domain/mail.hpp"

namespace chamado::mail {

// From (display name RFC 2047-encoded), To, Reply-To, Subject (RFC 2047 UTF-8), Date,
// Message-ID, In-Reply-To, References, Auto-Submitted: auto-generated and
// X-Auto-Response-Suppress: All when m.auto_submitted, X-Chamado-Ticket; the body is
// multipart/alternative text + HTML (text only when there is no HTML), UTF-8,
// quoted-printable. Lines end in CRLF.
std::string BuildMime(const OutboundEmail& m);

}  // namespace chamado::mail
