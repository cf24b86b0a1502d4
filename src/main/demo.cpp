#include "main/demo.hpp"

#include "adapters/config/holiday_sets.hpp"
#include "app/calendars.hpp"
#include "app/directory.hpp"
#include "app/sla.hpp"
#include "app/tickets.hpp"

namespace chamado {
namespace {

struct DemoUser {
  const char* email;
  const char* name;
  Role role;
  const char* locale;
  const char* password;
};

const DemoUser kUsers[] = {
    {"admin@chamado.local", "Administradora Demo", Role::kAdmin, "pt-BR", "admin-demo-2026"},
    {"ana.souza@chamado.local", "Ana Souza", Role::kAgent, "pt-BR", "agent-demo-2026"},
    {"bruno.lima@chamado.local", "Bruno Lima", Role::kAgent, "pt-BR", "agent-demo-2026"},
    {"carla@cliente.com.br", "Carla Mendes", Role::kEndUser, "pt-BR", "customer-demo-2026"},
    {"diego@cliente.mx", "Diego Hernández", Role::kEndUser, "es", "customer-demo-2026"},
    {"emma@customer.example", "Emma Walker", Role::kEndUser, "en", "customer-demo-2026"},
};

struct DemoTicket {
  int customer;  // index into kUsers
  const char* subject;
  const char* body;
  const char* status;  // legacy category to move to ("" = stay New)
  int agent;           // index of the assignee, or -1
  const char* priority;
};

const DemoTicket kTickets[] = {
    {3, "Não consigo acessar o painel", "Desde ontem recebo 'senha inválida' ao entrar no painel.", "", -1, "high"},
    {3, "Boleto de novembro não chegou", "O boleto da fatura de novembro não chegou no meu e-mail.", "open", 1,
     "normal"},
    {3, "Relatório de vendas com valores errados", "O relatório mensal soma duas vezes as devoluções.", "hold", 2,
     "normal"},
    {3, "Dúvida sobre integração com o ERP", "Vocês têm API para exportar pedidos para o nosso ERP?", "solved", 1,
     "low"},
    {4, "No puedo descargar la factura", "El botón de descarga de facturas no hace nada.", "", -1, "normal"},
    {4, "Error al emitir nota fiscal", "Al emitir la nota fiscal aparece 'error 500'.", "pending", 1, "high"},
    {4, "Cambiar el correo de la cuenta", "Quiero cambiar el correo principal de mi cuenta.", "open", 2, "low"},
    {4, "Sistema totalmente caído", "No podemos vender: la plataforma no carga desde las 9:00.", "hold", 2, "urgent"},
    {5, "Cannot export CSV", "Exporting customers to CSV gives an empty file.", "", -1, "normal"},
    {5, "Two-factor codes arrive late", "SMS codes arrive after they have expired.", "pending", 1, "normal"},
    {5, "Question about pricing tiers", "Which plan includes the reports module?", "solved", 2, "low"},
    {5, "Webhook retries", "How many times do you retry a failed webhook?", "open", 1, "normal"},
};

}  // namespace

int RunDemo(app::Store& store, app::Clock& clock, app::Crypto& crypto, const Workflow& wf, std::ostream& out) {
  // ---- sla: the demo's tickets get their targets on the business calendars, as under serve
  // (the default [sla] settings); unset again when the demo returns.
  app::CalendarService sla_calendars(store, clock, config::ShippedHolidaySets());
  app::ConfigureSla(app::SlaSettings{}, &sla_calendars);
  struct Unset {
    ~Unset() { app::ConfigureSla(app::SlaSettings{}, nullptr); }
  } unset_sla;
  app::DirectoryService dir(store, clock, crypto);
  app::TicketService tickets(store, clock, wf);
  std::vector<std::int64_t> ids;
  bool fresh = true;
  for (const auto& u : kUsers) {
    auto created = dir.AdminAddUser(u.email, u.name, u.role, std::string(u.password));
    if (!created) {
      fresh = false;  // already seeded: look the user up instead
      std::optional<User> found;
      (void)store.Read([&](app::ReadTx& tx) -> Result<void> {
        found = tx.UserByEmail(u.email);
        return {};
      });
      if (!found) {
        out << "demo: cannot create " << u.email << ": " << created.error().description << "\n";
        return 1;
      }
      ids.push_back(found->id);
      continue;
    }
    app::UserInput in;
    in.locale = u.locale;
    (void)dir.UpdateUser(Caller{created->id, u.role, false}, created->id, in);
    ids.push_back(created->id);
  }
  if (fresh) {
    const Caller admin{ids[0], Role::kAdmin, false};
    // ---- schedules: the product team's own calendar, Mon-Fri 09:00-17:30 (PRODUCT.md §5)
    app::CalendarService calendars(store, clock, config::ShippedHolidaySets());
    app::ScheduleInput produto{.name = "Produto e Engenharia", .time_zone = "America/Sao_Paulo"};
    produto.intervals.emplace();
    for (int d = 1; d <= 5; ++d) produto.intervals->push_back({d * 1440 + 9 * 60, d * 1440 + 17 * 60 + 30});
    produto.holiday_sets = std::vector<std::string>{"br"};
    auto schedule = calendars.CreateSchedule(admin, produto);
    auto g1 = dir.CreateGroup(admin, {std::string("Suporte"), std::string("Primeiro atendimento"), true});
    auto g2 = dir.CreateGroup(admin, {std::string("Produto e Engenharia"), std::string("Escalonamentos técnicos"),
                                      false, schedule ? std::optional<std::int64_t>(schedule->id) : std::nullopt});
    if (g1 && g2) {
      (void)dir.CreateMembership(admin, ids[1], g1->id, true);
      (void)dir.CreateMembership(admin, ids[2], g2->id, true);
    }
    app::OrganizationInput org;
    org.name = "Acme Pagamentos";
    org.domain_names = std::vector<std::string>{"cliente.com.br"};
    auto o = dir.CreateOrganization(admin, org);
    if (o) {
      app::UserInput in;
      in.organization_id = std::optional<std::int64_t>(o->id);
      (void)dir.UpdateUser(admin, ids[3], in);
    }
    for (const auto& t : kTickets) {
      const Caller customer{ids[t.customer], Role::kEndUser, false};
      app::RequestCommand rc;
      rc.subject = t.subject;
      rc.comment = app::CommentInput{t.body, "", true, std::nullopt};
      rc.priority = ParsePriority(t.priority);
      auto created = tickets.CreateRequest(customer, rc);
      if (!created) {
        out << "demo: cannot create ticket: " << created.error().description << "\n";
        return 1;
      }
      const std::int64_t id = created->ticket.id;
      if (t.agent >= 0) {
        const Caller agent{ids[t.agent], Role::kAgent, false};
        app::TicketCommand assign;
        assign.patch.assignee_id = std::optional<std::int64_t>(ids[t.agent]);
        assign.patch.group_id = std::optional<std::int64_t>(t.agent == 1 ? g1->id : g2->id);
        assign.comment =
            app::CommentInput{"Olá! Já estamos analisando. / ¡Hola! Ya lo estamos revisando. / Hi! We are on it.", "",
                              true, std::nullopt};
        (void)tickets.Update(agent, id, assign);
        app::TicketCommand note;
        note.comment = app::CommentInput{"Nota interna: verificar logs do cliente.", "", false, std::nullopt};
        (void)tickets.Update(agent, id, note);
        if (std::string(t.status) != "open" && std::string(t.status) != "") {
          app::TicketCommand move;
          move.patch.legacy_status = t.status;
          (void)tickets.Update(agent, id, move);
        }
      }
    }
    // One customer closes a resolved-looking case herself ("Closed by you").
    app::RequestCommand close;
    close.solved = true;
    (void)tickets.UpdateRequest(Caller{ids[5], Role::kEndUser, false}, 9, close);
  }

  // ---- accounts: every demo user is verified with a password (AdminAddUser), so customers sign
  // in to the portal (web/, served at /) with it.
  out << "Demo logins (customers: log in to the portal at / with the password; agents, admins and scripts: the "
         "API with the tokens):\n";
  for (std::size_t i = 0; i < std::size(kUsers); ++i) {
    auto token = dir.AdminAddToken(kUsers[i].email);
    out << "  " << RoleName(kUsers[i].role) << "\t" << kUsers[i].email << "\tpassword: " << kUsers[i].password
        << "\tAPI token: " << (token ? *token : std::string("?")) << "\n";
  }
  out << "Try: curl -u " << kUsers[1].email << "/token:TOKEN http://127.0.0.1:8080/api/v2/tickets.json\n";
  out << "Sign in as a customer: curl -c cookies.txt -H 'Content-Type: application/json' -d '{\"email\":\""
      << kUsers[3].email << "\",\"password\":\"" << kUsers[3].password
      << "\"}' http://127.0.0.1:8080/api/v2/chamado/auth/login\n";
  return 0;
}

}  // namespace chamado
