#include "domain/merge.hpp"

#include <algorithm>

namespace chamado {
namespace {

std::string Hash(std::int64_t id) { return "#" + std::to_string(id); }

// The first `max` bytes of `s`, never cutting a UTF-8 sequence, with "…" when cut.
std::string Clip(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "…";
}

Error MergeRefused(const std::string& field, const std::string& why) {
  return Error::Invalid(field, "MergeNotAllowed", "Merge: " + why);
}

}  // namespace

FieldValue FieldValueOf(const std::vector<CustomFieldValue>& fields, std::int64_t field_id) {
  for (const auto& f : fields)
    if (f.id == field_id) return f.value;
  return std::monostate{};
}

bool IsActiveCase(const Ticket& t, const Workflow& wf, const DuplicatePolicy& p, const FieldValue& topic, Instant now) {
  if (t.merged_into || t.type == TicketType::kProblem) return false;
  const Status* s = wf.ById(t.custom_status_id);
  if (!s || s->closed || s->category == Category::kSolved || !CustomerMayComment(*s)) return false;
  if (t.updated_at + p.window < now) return false;
  if (p.topic_field_id && FieldValueOf(t.custom_fields, *p.topic_field_id) != topic) return false;
  return true;
}

std::optional<Ticket> FindActiveCase(const std::vector<Ticket>& tickets, std::int64_t requester_id, const Workflow& wf,
                                     const DuplicatePolicy& p, const FieldValue& topic, Instant now) {
  const Ticket* best = nullptr;
  for (const auto& t : tickets) {
    if (t.requester_id != requester_id || !IsActiveCase(t, wf, p, topic, now)) continue;
    if (!best || t.updated_at > best->updated_at || (t.updated_at == best->updated_at && t.id > best->id)) best = &t;
  }
  if (!best) return std::nullopt;
  return *best;
}

Result<const Status*> CheckManualMerge(const Workflow& wf, const Ticket& source, const Ticket& target) {
  if (!wf.merge_target) return Fail(MergeRefused("id", "workflow '" + wf.name + "' has no merge target status"));
  const Status* dup = wf.ByKey(*wf.merge_target);
  if (!dup) return Fail(Error::Internal("workflow '" + wf.name + "' names an unknown merge_target"));
  const Status* to = wf.ById(target.custom_status_id);
  if (!to || to->closed)
    return Fail(MergeRefused("id", "ticket " + Hash(target.id) + " is closed; nothing can be merged into it"));
  if (target.type == TicketType::kProblem)
    return Fail(MergeRefused("id", "ticket " + Hash(target.id) + " is a problem; merge into a customer's ticket"));
  if (source.id == target.id) return Fail(MergeRefused("ids", "a ticket cannot be merged into itself"));
  if (source.type == TicketType::kProblem)
    return Fail(MergeRefused("ids", "ticket " + Hash(source.id) + " is a problem with its own incidents"));
  const Status* from = wf.ById(source.custom_status_id);
  if (!from) return Fail(Error::Internal("ticket " + Hash(source.id) + " has a status unknown to the workflow"));
  if (from->closed)
    return Fail(MergeRefused("ids", "ticket " + Hash(source.id) + " is closed; closed tickets cannot be merged"));
  if (auto ok = CheckTransition(wf, *from, *dup, Actor::kMerge); !ok) {
    Error e = ok.error();
    for (auto& f : e.fields) f.field = "ids";
    return Fail(std::move(e));
  }
  return dup;
}

const Status& AfterUnmerge(const Workflow& wf, const Ticket& source) {
  const std::string& key = source.assignee_id ? wf.queue_assigned : wf.queue_unassigned;
  if (const Status* s = wf.ByKey(key); s && !s->closed) return *s;
  return wf.Initial();
}

std::string DuplicateNotice(std::string_view locale, std::int64_t case_id) {
  const std::string n = Hash(case_id);
  Labels l{"Sua mensagem foi adicionada ao seu chamado " + n +
               ", que já está em andamento. Acompanhe por ele: este número fica encerrado.",
           "Su mensaje fue añadido a su caso " + n +
               ", que ya está en curso. Haga el seguimiento allí: este número queda cerrado.",
           "Your message was added to your open case " + n + ". Please follow that case: this number is closed."};
  return l.For(locale);
}

std::string MergedSourceText(std::string_view locale, std::int64_t target_id, std::string_view target_subject) {
  const std::string n = Hash(target_id) + " \"" + std::string(target_subject) + "\"";
  Labels l{"Esta solicitação foi encerrada e mesclada à solicitação " + n + ".",
           "Esta solicitud se cerró y se combinó con la solicitud " + n + ".",
           "This request was closed and merged into request " + n + "."};
  return l.For(locale);
}

std::string MergedTargetText(std::string_view locale, const std::vector<MergedSource>& sources) {
  std::string out;
  for (const auto& s : sources) {
    const std::string n = Hash(s.id);
    const std::string named = n + " \"" + s.subject + "\"";
    Labels head{"A solicitação " + named + " foi encerrada e mesclada a esta solicitação.",
                "La solicitud " + named + " se cerró y se combinó con esta solicitud.",
                "Request " + named + " was closed and merged into this request."};
    if (!out.empty()) out += "\n\n";
    out += head.For(locale);
    if (!s.last_public_comment.empty()) {
      Labels last{"Último comentário da solicitação " + n + ":", "Último comentario de la solicitud " + n + ":",
                  "Last comment in request " + n + ":"};
      out += "\n\n" + last.For(locale) + "\n\n" + Clip(s.last_public_comment, kMaxQuotedBytes);
    }
  }
  return out;
}

std::string UnmergedTargetNote(std::string_view locale, std::int64_t source_id) {
  const std::string n = Hash(source_id);
  Labels l{
      "O chamado " + n + " foi separado deste chamado e voltou à fila; a mensagem dele fica acima como registro.",
      "El caso " + n + " se separó de este caso y volvió a la cola; su mensaje queda arriba como registro.",
      "Ticket " + n + " was split back out of this ticket into the queue; its message stays above for the record."};
  return l.For(locale);
}

std::string JoinIdList(const std::vector<std::int64_t>& ids) {
  std::string s;
  for (auto id : ids) s += (s.empty() ? "" : " ") + std::to_string(id);
  return s;
}

}  // namespace chamado
