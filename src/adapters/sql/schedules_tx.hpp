#pragma once
// CommonTx's schedule queries (app/ports.hpp, "schedules"), for both stores: included by
// common_tx.hpp after its own definitions. Tables: schedules, schedule_holidays and
// agent_groups.schedule_id (sqlite 0008_schedules.sql, postgres 0010_schedules.sql).
#include "adapters/sql/common_tx.hpp"
#include "adapters/sql/schedule_columns.hpp"

namespace chamado::sql {
namespace schedules_detail {

inline constexpr const char* kScheduleCols =
    "id, name, time_zone, intervals, holiday_sets, version, created_at, updated_at";

template <typename S>
Schedule ScheduleRow(const S& s) {
  Schedule r;
  r.id = s.Int(0);
  r.name = s.Text(1);
  r.time_zone = s.Text(2);
  r.intervals = WeekIntervalsFromJson(s.Text(3));
  r.holiday_sets = StringsFromJson(s.Text(4));
  r.version = s.Int(5);
  r.created_at = FromUnix(s.Int(6));
  r.updated_at = FromUnix(s.Int(7));
  return r;
}

inline constexpr const char* kHolidayCols = "id, schedule_id, name, start_date, end_date, hours";

template <typename S>
ScheduleHoliday HolidayRow(const S& s) {
  ScheduleHoliday h;
  h.id = s.Int(0);
  h.schedule_id = s.Int(1);
  h.name = s.Text(2);
  // Written by InsertScheduleHoliday from valid dates; an unreadable one reads as 1970-01-01.
  h.start_date = ParseLocalDate(s.Text(3)).value_or(LocalDay{});
  h.end_date = ParseLocalDate(s.Text(4)).value_or(LocalDay{});
  if (auto hours = s.OptText(5)) h.hours = DayIntervalsFromJson(*hours);
  return h;
}

inline std::optional<std::string> HoursText(const ScheduleHoliday& h) {
  return h.hours ? std::optional<std::string>(DayIntervalsToJson(*h.hours)) : std::nullopt;
}

}  // namespace schedules_detail

// ------------------------------------------------------------------ schedules

template <typename Db>
std::vector<Schedule> CommonTx<Db>::ListSchedules() {
  using namespace schedules_detail;
  auto& s = db_.Prepare(std::string("SELECT ") + kScheduleCols + " FROM schedules ORDER BY id");
  std::vector<Schedule> out;
  while (s.Step()) out.push_back(ScheduleRow(s));
  s.Reset();
  return out;
}

// In a write transaction the row is locked (Db::kForUpdate): two changes to one schedule take
// turns, so each grows `version` from the other's (the calendar cache's key stays honest).
template <typename Db>
std::optional<Schedule> CommonTx<Db>::ScheduleById(std::int64_t id) {
  using namespace schedules_detail;
  static const std::string kRead = std::string("SELECT ") + kScheduleCols + " FROM schedules WHERE id = ?";
  static const std::string kLock = kRead + std::string(Db::kForUpdate);
  auto& s = db_.Prepare(writing_ ? kLock : kRead);
  s.Bind(1, id);
  std::optional<Schedule> r;
  if (s.Step()) r = ScheduleRow(s);
  s.Reset();
  return r;
}

template <typename Db>
std::vector<ScheduleHoliday> CommonTx<Db>::HolidaysOfSchedule(std::int64_t schedule_id) {
  using namespace schedules_detail;
  auto& s = db_.Prepare(std::string("SELECT ") + kHolidayCols +
                        " FROM schedule_holidays WHERE schedule_id = ? ORDER BY start_date, id");
  s.Bind(1, schedule_id);
  std::vector<ScheduleHoliday> out;
  while (s.Step()) out.push_back(HolidayRow(s));
  s.Reset();
  return out;
}

// One query: the group's schedule when it names one, else the lowest id. A deleted group's
// tickets keep its schedule.
template <typename Db>
std::optional<Schedule> CommonTx<Db>::ScheduleForGroup(std::optional<std::int64_t> group_id) {
  using namespace schedules_detail;
  auto& s = db_.Prepare(std::string("SELECT ") + kScheduleCols +
                        " FROM schedules WHERE id = coalesce((SELECT schedule_id FROM agent_groups WHERE id = ?), "
                        "(SELECT min(id) FROM schedules))");
  s.Bind(1, group_id);
  std::optional<Schedule> r;
  if (s.Step()) r = ScheduleRow(s);
  s.Reset();
  return r;
}

template <typename Db>
std::vector<std::int64_t> CommonTx<Db>::GroupsUsingSchedule(std::int64_t schedule_id) {
  auto& s = db_.Prepare("SELECT id FROM agent_groups WHERE schedule_id = ? AND deleted = 0 ORDER BY id");
  s.Bind(1, schedule_id);
  std::vector<std::int64_t> out;
  while (s.Step()) out.push_back(s.Int(0));
  s.Reset();
  return out;
}

template <typename Db>
void CommonTx<Db>::InsertSchedule(Schedule& r) {
  auto& s = db_.Prepare(
      "INSERT INTO schedules (name, time_zone, intervals, holiday_sets, version, created_at, updated_at) "
      "VALUES (?,?,?,?,?,?,?) RETURNING id");
  s.Bind(1, r.name).Bind(2, r.time_zone).Bind(3, WeekIntervalsToJson(r.intervals));
  s.Bind(4, StringsToJson(r.holiday_sets)).Bind(5, r.version).Bind(6, UnixSeconds(r.created_at));
  s.Bind(7, UnixSeconds(r.updated_at));
  r.id = detail::ReturnedId(s);
}

template <typename Db>
void CommonTx<Db>::UpdateSchedule(const Schedule& r) {
  auto& s = db_.Prepare(
      "UPDATE schedules SET name = ?, time_zone = ?, intervals = ?, holiday_sets = ?, version = ?, updated_at = ? "
      "WHERE id = ?");
  s.Bind(1, r.name).Bind(2, r.time_zone).Bind(3, WeekIntervalsToJson(r.intervals));
  s.Bind(4, StringsToJson(r.holiday_sets)).Bind(5, r.version).Bind(6, UnixSeconds(r.updated_at)).Bind(7, r.id);
  s.Run();
}

template <typename Db>
void CommonTx<Db>::DeleteSchedule(std::int64_t id) {
  auto& g = db_.Prepare("UPDATE agent_groups SET schedule_id = NULL WHERE schedule_id = ? AND deleted = 1");
  g.Bind(1, id);
  g.Run();
  auto& h = db_.Prepare("DELETE FROM schedule_holidays WHERE schedule_id = ?");
  h.Bind(1, id);
  h.Run();
  auto& s = db_.Prepare("DELETE FROM schedules WHERE id = ?");
  s.Bind(1, id);
  s.Run();
}

template <typename Db>
void CommonTx<Db>::InsertScheduleHoliday(ScheduleHoliday& h) {
  using namespace schedules_detail;
  auto& s = db_.Prepare(
      "INSERT INTO schedule_holidays (schedule_id, name, start_date, end_date, hours) VALUES (?,?,?,?,?) RETURNING id");
  s.Bind(1, h.schedule_id).Bind(2, h.name).Bind(3, FormatLocalDate(h.start_date)).Bind(4, FormatLocalDate(h.end_date));
  s.Bind(5, HoursText(h));
  h.id = detail::ReturnedId(s);
}

template <typename Db>
void CommonTx<Db>::UpdateScheduleHoliday(const ScheduleHoliday& h) {
  using namespace schedules_detail;
  auto& s = db_.Prepare("UPDATE schedule_holidays SET name = ?, start_date = ?, end_date = ?, hours = ? WHERE id = ?");
  s.Bind(1, h.name).Bind(2, FormatLocalDate(h.start_date)).Bind(3, FormatLocalDate(h.end_date)).Bind(4, HoursText(h));
  s.Bind(5, h.id);
  s.Run();
}

template <typename Db>
void CommonTx<Db>::DeleteScheduleHoliday(std::int64_t id) {
  auto& s = db_.Prepare("DELETE FROM schedule_holidays WHERE id = ?");
  s.Bind(1, id);
  s.Run();
}

}  // namespace chamado::sql
