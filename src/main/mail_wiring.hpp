#pragma once
// Wiring of e-mail (issue 7; docs/email.md), for main.cpp's serve:
//
//   auto mail = StartMail(*settings, c.data, *store, *clock, crypto, log);   // after OpenStore
//   if (!mail) return Die(mail.error().description);
//   api_deps.outbox = mail->outbox.get();                 // the delivery log's routes
//   ... catch_up: mail->outbox->DrainDue(clock->Now())    // the manual clock's endpoint
//   mail->Stop();                                         // before the store goes
//
// The transport: mail.smtp_url set → SMTP (libcurl), else .eml files in DATA/mail-out. The
// renderer (templates), the parser (GMime) and notifications (app::ConfigureNotifications,
// signed with mail.link_secret or a secret generated once into DATA/mail-secret) are set up
// here; the outbox worker starts and the store wakes it after every commit that queued mail.
// Other parts of e-mail add their pieces to MailServices and StartMail (one block each).
#include <filesystem>
#include <memory>
#include <string>

#include "adapters/config/settings.hpp"
#include "adapters/mail/imap_poller.hpp"  // ---- inbound
#include "adapters/mail/outbox_worker.hpp"
#include "app/attachments.hpp"
#include "app/mail_intake.hpp"  // ---- inbound
#include "app/mail_ports.hpp"
#include "app/outbox.hpp"
#include "app/ports.hpp"
#include "app/tickets.hpp"

namespace chamado {

struct MailServices {
  std::unique_ptr<app::MailTransport> transport;
  std::unique_ptr<app::MailRenderer> renderer;
  std::unique_ptr<app::MailParser> parser;
  std::unique_ptr<app::OutboxService> outbox;
  std::unique_ptr<mail::OutboxWorker> worker;
  // ---- inbound (StartMailIntake): the intake behind the mailgate's endpoint, IMAP polling
  std::unique_ptr<app::MailSpool> spool;
  std::unique_ptr<app::MailIntakeService> intake;
  std::unique_ptr<mail::ImapPoller> imap;
  app::Store* store = nullptr;
  std::string where;  // for the startup log: "mail via smtp://…" / "mail to files in …"

  MailServices() = default;
  MailServices(const MailServices&) = delete;
  MailServices& operator=(const MailServices&) = delete;
  ~MailServices() { Stop(); }
  // Unhooks the store's wake-up and stops the worker (and anything else started). Idempotent.
  void Stop();
};

// Builds and starts e-mail for serve. Errors: unreadable templates, a link secret that cannot
// be created (a startup error).
Result<std::unique_ptr<MailServices>> StartMail(const config::Settings& settings, const std::filesystem::path& data_dir,
                                                app::Store& store, app::Clock& clock, app::Crypto& crypto,
                                                app::Logger& log);

// ---- inbound: builds the intake (app/mail_intake.hpp) on `m` (after StartMail: it needs the
// parser) and starts IMAP polling when mail.imap.url is set. The poller hands messages to the
// intake as the first active admin (the audits of its internal notes name them).
Result<void> StartMailIntake(MailServices& m, const config::Settings& settings, const std::filesystem::path& data_dir,
                             app::Store& store, app::Clock& clock, app::Crypto& crypto, app::TicketService& tickets,
                             app::AttachmentService* attachments, app::BlobStore& blobs, app::Logger& log);

// mail.link_secret, else the secret in DATA/mail-secret (created once, 256 random bits,
// mode 0600): reply addresses and e-mail links stay valid across restarts.
Result<std::string> MailLinkSecret(const config::Settings& settings, const std::filesystem::path& data_dir,
                                   app::Crypto& crypto);

// The transport the settings ask for (see above).
std::unique_ptr<app::MailTransport> MakeMailTransport(const config::Settings& settings,
                                                      const std::filesystem::path& data_dir, app::Logger* log);

// The template renderer (adapters/mail/templates; shipped templates, overridable from
// mail.templates_dir, branded with mail.company_name, logo_url, footer).
Result<std::unique_ptr<app::MailRenderer>> MakeMailRenderer(const config::Settings& settings);

}  // namespace chamado
