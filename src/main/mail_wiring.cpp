#include "main/mail_wiring.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "adapters/config/self_help_loader.hpp"
#include "adapters/mail/file_transport.hpp"
#include "adapters/mail/mail_spool.hpp"  // ---- inbound
#include "adapters/mail/mime_parse.hpp"
#include "adapters/mail/smtp_transport.hpp"
#include "adapters/mail/templates.hpp"
#include "app/notifications.hpp"
#include "app/self_help.hpp"

namespace chamado {
namespace fs = std::filesystem;

void MailServices::Stop() {
  if (store) store->OnMailQueued(nullptr);
  store = nullptr;
  if (worker) worker->Stop();
  if (imap) imap->Stop();  // ---- inbound
}

Result<std::string> MailLinkSecret(const config::Settings& settings, const fs::path& data_dir, app::Crypto& crypto) {
  if (!settings.mail_link_secret.empty()) return settings.mail_link_secret;
  const fs::path path = data_dir / "mail-secret";
  auto read = [&]() -> std::string {
    std::ifstream in(path);
    std::string s;
    std::getline(in, s);
    return s;
  };
  if (fs::exists(path)) {
    std::string s = read();
    if (s.empty()) return Fail(Error::Internal(path.string() + " is empty: delete it to make a new secret"));
    return s;
  }
  // O_EXCL: two processes starting at once on one data dir agree on the first one's secret.
  const std::string secret = crypto.RandomToken();
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST) return read();
  if (fd < 0) return Fail(Error::Internal("cannot create " + path.string() + ": " + std::strerror(errno)));
  const std::string line = secret + "\n";
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Fail(Error::Internal("cannot write " + path.string()));
  return secret;
}

std::unique_ptr<app::MailTransport> MakeMailTransport(const config::Settings& settings, const fs::path& data_dir,
                                                      app::Logger* log) {
  if (!settings.mail_smtp_url.empty())
    return std::make_unique<mail::SmtpTransport>(
        mail::SmtpOptions{settings.mail_smtp_url, settings.mail_smtp_user, settings.mail_smtp_password});
  return std::make_unique<mail::FileTransport>(data_dir / "mail-out", log);
}

Result<std::unique_ptr<app::MailRenderer>> MakeMailRenderer(const config::Settings& settings) {
  mail::MailBranding b;
  b.company_name = settings.mail_company_name;
  b.logo_url = settings.mail_logo_url;
  b.footer = settings.mail_footer;
  b.public_url = settings.public_url;
  return std::unique_ptr<app::MailRenderer>(std::make_unique<mail::TemplateRenderer>(b, settings.mail_templates_dir));
}

Result<std::unique_ptr<MailServices>> StartMail(const config::Settings& settings, const fs::path& data_dir,
                                                app::Store& store, app::Clock& clock, app::Crypto& crypto,
                                                app::Logger& log) {
  auto owned = std::make_unique<MailServices>();
  MailServices& m = *owned;
  // ---- outbox: transport, retries, the worker
  m.transport = MakeMailTransport(settings, data_dir, &log);
  app::OutboxSettings os;
  os.retry =
      RetryPolicy{std::max(1, settings.mail_max_attempts), std::chrono::seconds(settings.mail_retry_base_seconds),
                  std::chrono::seconds(settings.mail_retry_max_seconds)};
  m.outbox = std::make_unique<app::OutboxService>(store, clock, *m.transport, os, &log);
  m.where = (settings.mail_smtp_url.empty() ? "mail to " : "mail via ") + m.transport->Describe();

  // ---- notifications: templates, the signed reply address
  auto renderer = MakeMailRenderer(settings);
  if (!renderer) return Fail(renderer.error());
  m.renderer = std::move(*renderer);
  if (auto* t = dynamic_cast<mail::TemplateRenderer*>(m.renderer.get()))
    for (const auto& p : t->problems()) log.Warn("mail_template_skipped", p);
  auto secret = MailLinkSecret(settings, data_dir, crypto);
  if (!secret) return Fail(secret.error());
  if (m.renderer) {
    app::NotificationSettings ns;
    ns.enabled = true;
    ns.from_address = settings.mail_from_address;
    ns.from_name = settings.mail_from_name.empty() ? settings.mail_company_name : settings.mail_from_name;
    ns.support_address =
        settings.mail_support_address.empty() ? settings.mail_from_address : settings.mail_support_address;
    ns.public_url = settings.public_url;
    ns.link_secret = *secret;
    ns.satisfaction_window_days = settings.satisfaction_window_days;
    ns.auto_replies_per_hour = settings.mail_auto_replies_per_hour;  // "ticket received" per address and hour
    app::ConfigureNotifications(ns, m.renderer.get(), &crypto);
  } else {
    log.Warn("mail_templates_missing", "no template renderer: notifications are off");
  }

  // ---- self-help e-mail (app/self_help.hpp): the answers per topic and locale from
  // self_help.file; the topic is the ticket field self_help.file names, else sla.topic_field.
  if (!settings.self_help_file.empty()) {
    auto answers = config::LoadSelfHelp(
        settings.self_help_file, settings.sla_topic_field.empty() ? std::string("topic") : settings.sla_topic_field);
    if (!answers) return Fail(answers.error());
    if (!m.renderer) log.Warn("self_help_off", "no template renderer: self-help e-mails are off");
    log.Info("self_help", std::to_string(answers->topics.size()) + " topics from " + settings.self_help_file +
                              " (field '" + answers->topic_field + "')");
    app::ConfigureSelfHelp(std::move(*answers), &crypto);
  }

  // ---- inbound: the parser (mailgate's endpoint and IMAP polling use it)
  m.parser = std::make_unique<mail::GMimeParser>();

  // ---- outbox worker: woken by every commit that queued mail and by a dead letter's retry
  m.worker =
      std::make_unique<mail::OutboxWorker>(*m.outbox, clock, log, std::chrono::milliseconds(settings.mail_poll_ms));
  mail::OutboxWorker* worker = m.worker.get();
  store.OnMailQueued([worker] { worker->Wake(); });
  m.store = &store;
  m.outbox->OnRequeued([worker] { worker->Wake(); });
  m.worker->Start();
  return owned;
}

// ---- inbound
Result<void> StartMailIntake(MailServices& m, const config::Settings& settings, const fs::path& data_dir,
                             app::Store& store, app::Clock& clock, app::Crypto& crypto, app::TicketService& tickets,
                             app::AttachmentService* attachments, app::BlobStore& blobs, app::Logger& log) {
  if (!m.parser) m.parser = std::make_unique<mail::GMimeParser>();
  m.spool = std::make_unique<mail::FileMailSpool>((data_dir / "tmp").string());
  app::MailIntakeSettings is;
  is.support_address =
      settings.mail_support_address.empty() ? settings.mail_from_address : settings.mail_support_address;
  is.from_address = settings.mail_from_address;
  is.inbound_per_sender_per_hour = settings.mail_inbound_per_sender_per_hour;
  m.intake = std::make_unique<app::MailIntakeService>(store, clock, crypto, tickets, attachments, blobs, *m.parser,
                                                      *m.spool, is, &log);
  if (settings.mail_imap_url.empty()) return {};
  mail::ImapOptions io;
  io.url = settings.mail_imap_url;
  io.user = settings.mail_imap_user;
  io.password = settings.mail_imap_password;
  io.poll = std::chrono::seconds(std::max(1, settings.mail_imap_poll_seconds));
  io.move_to = settings.mail_imap_move_to;
  app::MailIntakeService* intake = m.intake.get();
  m.imap = std::make_unique<mail::ImapPoller>(
      io,
      [intake, &store](const std::string& raw) -> Result<void> {
        // The gateway: the first active admin, looked up per message (one may be added later).
        Caller gateway;
        auto r = store.Read([&](app::ReadTx& tx) -> Result<void> {
          app::UserFilter f;
          f.roles = {Role::kAdmin};
          for (const auto& u : tx.ListUsers(f, app::PageRequest{}).items)
            if (u.active && !u.suspended) {
              gateway = Caller{u.id, u.role, false};
              break;
            }
          return {};
        });
        if (!r) return Fail(r.error());
        if (gateway.anonymous) return Fail(Error::Unavailable("no active admin to receive IMAP mail as"));
        auto out = intake->Receive(gateway, raw, "");
        if (!out) return Fail(out.error());
        return {};
      },
      log);
  m.imap->Start();
  log.Info("mail_imap", "polling " + settings.mail_imap_url + " every " + std::to_string(io.poll.count()) + " s");
  return {};
}

}  // namespace chamado
