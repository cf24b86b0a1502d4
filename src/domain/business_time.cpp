#include "domain/business_time.hpp"

#include <date/tz.h>

#include <algorithm>

namespace chamado {

namespace {

using std::chrono::seconds;

// "Until further notice": an open pause, or the single open piece of calendar time.
const Instant kForever = FromUnix(253402300799);  // 9999-12-31T23:59:59Z

constexpr int kMinutesPerDay = 1440;
const std::string kOutsideHours = "outside business hours";
const std::string kWeekend = "weekend";
const std::string kNoReason;

// Pauses sorted and merged into disjoint spans (an overlap keeps the earlier pause's reason).
struct Pause {
  Instant from;
  Instant to;
  const std::string* reason;
};

std::vector<Pause> NormalizePauses(std::span<const PauseInterval> pauses, Instant not_before) {
  std::vector<Pause> v;
  if (pauses.empty()) return v;
  v.reserve(pauses.size());
  for (const auto& p : pauses) {
    const Instant to = p.to.value_or(kForever);
    if (to > p.from && to > not_before) v.push_back({p.from, to, &p.reason});
  }
  std::ranges::sort(v, [](const Pause& a, const Pause& b) { return a.from < b.from; });
  std::size_t out = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    // Only overlapping pauses merge: touching ones (one pausing status after another) keep
    // their own reasons in the explanation.
    if (out > 0 && v[i].from < v[out - 1].to) {
      v[out - 1].to = std::max(v[out - 1].to, v[i].to);
    } else {
      v[out++] = v[i];
    }
  }
  v.resize(out);
  return v;
}

// A stretch of time that is all open or all closed (closed with a reason).
struct Piece {
  Instant from;
  Instant to;
  bool open = false;
  const std::string* reason = &kNoReason;
};

// Maps a local date's minutes to instants. Walking forward, one tz lookup serves every day
// until the zone's next offset change: a day is "plain" when its whole local span, up to and
// excluding its 24:00, lies inside one sys_info period, so minute m is midnight + m - offset.
// Days with a change (or midnight in a gap or an overlap) go through Calendar::ToInstant.
class DayMapper {
 public:
  explicit DayMapper(const Calendar& cal) : cal_(cal) {}

  void Load(LocalDay d) {
    day_ = d;
    if (cached_ && d >= first_ && d <= last_) {
      plain_ = true;
      return;
    }
    plain_ = false;
    const date::local_seconds midnight{d.time_since_epoch()};
    const auto info = cal_.zone()->get_info(midnight);
    if (info.result != date::local_info::unique) return;
    const auto& si = info.first;
    // The last day x with (x + 1 day) - offset < si.end, i.e. local 24:00 before the change.
    LocalDay last = LocalDay::max();
    if (si.end < kForever) {
      const auto local_end = si.end.time_since_epoch() + si.offset;  // the change, in local time
      last = LocalDay{std::chrono::floor<std::chrono::days>(local_end - seconds{1})} - std::chrono::days{1};
    }
    if (d > last) return;
    cached_ = true;
    first_ = d;
    last_ = last;
    offset_ = si.offset;
    plain_ = true;
  }

  Instant At(int minute) const {
    if (plain_) return Instant{day_.time_since_epoch() + std::chrono::minutes{minute} - offset_};
    return cal_.ToInstant(day_, minute);
  }

 private:
  const Calendar& cal_;
  LocalDay day_{};
  bool plain_ = false;
  bool cached_ = false;
  LocalDay first_{};
  LocalDay last_{};
  seconds offset_{};
};

// The calendar's open and closed pieces, in order, from `start` on. Closed time says why:
// a day without business hours is "weekend"; a whole-day holiday on a day that would be
// open is the holiday's name; a half day's closed time that would be open is the holiday's
// name; any other closed time is "outside business hours".
class Timeline {
 public:
  // `stop_when_never_open`: end the walk once the calendar cannot open again (adding time).
  Timeline(const Calendar& cal, Instant start, bool stop_when_never_open) : cal_(cal), map_(cal), start_(start) {
    bool any_week_hours = false;
    for (const auto& d : cal.week()) any_week_hours = any_week_hours || !d.empty();
    if (!any_week_hours && stop_when_never_open) {
      // Limit: a calendar with no weekly hours opens only on half-day holidays; past the last
      // one it never opens again, and the walk stops there.
      last_open_day_ = LocalDay::min();
      for (const auto& h : cal.holidays()) {
        if (!h.hours.empty()) last_open_day_ = h.day;
      }
    }
    LoadDay(cal.LocalDate(start));
  }

  // The next non-empty piece ending after `start`; false when the calendar never opens again.
  bool Next(Piece& p) {
    for (;;) {
      if (cursor_ >= kMinutesPerDay) {
        if (day_ > last_open_day_) return false;
        LoadDay(day_ + std::chrono::days{1});
      }
      int from = cursor_;
      int to = 0;
      bool open = false;
      if (next_ < hours_->size() && cursor_ == (*hours_)[next_].start) {
        to = (*hours_)[next_].end;
        open = true;
        ++next_;
      } else {
        to = next_ < hours_->size() ? (*hours_)[next_].start : kMinutesPerDay;
      }
      cursor_ = to;
      p.from = std::max(start_, map_.At(from));
      p.to = map_.At(to);
      if (p.to <= p.from) continue;
      p.open = open;
      p.reason = open ? &kNoReason : ClosedReason(from, to);
      return true;
    }
  }

 private:
  void LoadDay(LocalDay d) {
    day_ = d;
    hours_ = &cal_.HoursOn(d, &holiday_);
    usual_ = &cal_.week()[std::chrono::weekday{d}.c_encoding()];
    map_.Load(d);
    cursor_ = 0;
    next_ = 0;
  }

  const std::string* ClosedReason(int from, int to) const {
    if (usual_->empty()) return &kWeekend;
    if (holiday_ == nullptr) return &kOutsideHours;
    for (const auto& i : *usual_) {
      if (i.start < to && from < i.end) return &holiday_->name;
    }
    return &kOutsideHours;
  }

  const Calendar& cal_;
  DayMapper map_;
  Instant start_;
  LocalDay last_open_day_ = LocalDay::max();
  LocalDay day_{};
  const std::vector<DayInterval>* hours_ = nullptr;
  const std::vector<DayInterval>* usual_ = nullptr;
  const HolidayDay* holiday_ = nullptr;
  int cursor_ = 0;
  std::size_t next_ = 0;
};

// Pieces, for the null calendar: one open piece from `start` on.
class CalendarTime {
 public:
  explicit CalendarTime(Instant start) : start_(start) {}
  bool Next(Piece& p) {
    if (done_) return false;
    done_ = true;
    p = {start_, kForever, true, &kNoReason};
    return true;
  }

 private:
  Instant start_;
  bool done_ = false;
};

void Emit(std::vector<TimeSegment>* explain, Instant from, Instant to, bool counted, const std::string& reason) {
  if (explain == nullptr || to <= from) return;
  if (!explain->empty()) {
    auto& last = explain->back();
    if (last.to == from && last.counted == counted && last.reason == reason) {
      last.to = to;
      return;
    }
  }
  explain->push_back({from, to, counted, reason});
}

// Walks the pieces of `source` split by the pauses, counting open time until `amount` is
// reached: the due instant, or nullopt when time never resumes (an open pause, a calendar
// that never opens again).
template <typename Source>
std::optional<Instant> Add(Source& source, Instant start, seconds amount, std::span<const PauseInterval> pauses,
                           std::vector<TimeSegment>* explain) {
  const auto paused = NormalizePauses(pauses, start);
  std::size_t pi = 0;
  seconds remaining = amount;
  Piece p;
  while (source.Next(p)) {
    Instant t = p.from;
    while (t < p.to) {
      while (pi < paused.size() && paused[pi].to <= t) ++pi;
      if (pi < paused.size() && paused[pi].from <= t) {
        if (paused[pi].to >= kForever) return std::nullopt;  // paused until further notice
        const Instant e = std::min(p.to, paused[pi].to);
        Emit(explain, t, e, false, *paused[pi].reason);
        t = e;
        continue;
      }
      const Instant e = pi < paused.size() ? std::min(p.to, paused[pi].from) : p.to;
      if (p.open) {
        if (e - t >= remaining) {
          const Instant due = t + remaining;
          Emit(explain, t, due, true, kNoReason);
          return due;
        }
        remaining -= e - t;
        Emit(explain, t, e, true, kNoReason);
      } else {
        Emit(explain, t, e, false, *p.reason);
      }
      t = e;
    }
  }
  return std::nullopt;
}

template <typename Source>
seconds Between(Source& source, Instant to, std::span<const PauseInterval> pauses, Instant from,
                std::vector<TimeSegment>* explain) {
  const auto paused = NormalizePauses(pauses, from);
  std::size_t pi = 0;
  seconds total{0};
  Piece p;
  while (source.Next(p) && p.from < to) {
    const Instant piece_end = std::min(p.to, to);
    Instant t = p.from;
    while (t < piece_end) {
      while (pi < paused.size() && paused[pi].to <= t) ++pi;
      if (pi < paused.size() && paused[pi].from <= t) {
        const Instant e = std::min(piece_end, paused[pi].to);
        Emit(explain, t, e, false, *paused[pi].reason);
        t = e;
        continue;
      }
      const Instant e = pi < paused.size() ? std::min(piece_end, paused[pi].from) : piece_end;
      if (p.open) total += e - t;
      Emit(explain, t, e, p.open, p.open ? kNoReason : *p.reason);
      t = e;
    }
  }
  return total;
}

}  // namespace

std::optional<Instant> AddBusinessTime(const Calendar* cal, Instant start, seconds amount,
                                       std::span<const PauseInterval> pauses, std::vector<TimeSegment>* explain) {
  if (explain != nullptr) explain->clear();
  if (amount <= seconds{0}) return start;
  if (cal == nullptr) {
    CalendarTime source(start);
    return Add(source, start, amount, pauses, explain);
  }
  Timeline source(*cal, start, true);
  return Add(source, start, amount, pauses, explain);
}

seconds BusinessTimeBetween(const Calendar* cal, Instant from, Instant to, std::span<const PauseInterval> pauses,
                            std::vector<TimeSegment>* explain) {
  if (explain != nullptr) explain->clear();
  if (to <= from) return seconds{0};
  if (cal == nullptr) {
    CalendarTime source(from);
    return Between(source, to, pauses, from, explain);
  }
  Timeline source(*cal, from, false);
  return Between(source, to, pauses, from, explain);
}

}  // namespace chamado
