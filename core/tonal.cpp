#include "tonal.h"

#include <algorithm>

#include "bytes.h"

namespace hpiano {

namespace {

constexpr uint64_t kDegreePoolTag = 0xA000;
// The phases a degree is heard with (twelfths of a beat within up to 4 beats, rhythm pools' phase_beats).
constexpr int kMaxPhases = 48;
// The degree symbols' start, past every (degree, phase) pair.
constexpr int kDegreeStart = Tonal::kDegrees * kMaxPhases;
// Pitch classes of the major scale, from its tonic.
constexpr int kMajorScale[7] = {0, 2, 4, 5, 7, 9, 11};
// Among scales holding as much activity, the one whose tonic is most active wins (a tune's
// first note is its own reference).
constexpr double kTonicTieBreak = 1e-3;

}  // namespace

void Tonal::Reset(const Config& config) {
  // Degrees are of pitch classes: with more octaves of note neurons there is no tonal readout.
  enabled_ = config.tonal_orders > 0 && config.octaves == 1;
  views_owner_ = nullptr;
  const int orders = enabled_ ? config.tonal_orders : 0;
  pools_.Reset(orders, config.tonal_pool_size, config.tonal_k_context, config.seed, kDegreePoolTag, 1);
  // Slow weights only: the fast set has just the always-on cell (a view with fast false never learns fast).
  degrees_.Reset(kDegrees, 1 + orders * config.tonal_pool_size, 1);
  NewTune(config);
}

void Tonal::NewTune(const Config& config) {
  activity_.fill(0);
  reference_ = -1;
  first_pitch_class_ = -1;
  degrees_.NewTune();
  Rest(config);
}

void Tonal::Rest(const Config& config) {
  window_.clear();
  Recode(config, true);
}

// A degree with its onset's position: every note's (tonal_phase 1) or only the last note's (2).
int Tonal::Symbol(int pitch_class, int phase, bool last, const Config& config) const {
  const int degree = (pitch_class - std::max(reference_, 0) + 12) % 12;
  const bool with_phase = config.tonal_phase == 1 || (config.tonal_phase == 2 && last);
  return degree * kMaxPhases + (with_phase ? std::clamp(phase, 0, kMaxPhases - 1) : 0);
}

// The codes of the window read from the current reference (a chain cleared and
// advanced through the last notes gives pool m the last m of them), then the
// prediction. When nothing but the last note changed (`replay` false), one
// advance gives the same codes: pool m's context hashes only the last m symbols.
void Tonal::Recode(const Config& config, bool replay) {
  if (!enabled_) return;
  if (replay || window_.empty()) {
    pools_.Clear(kDegreeStart);
    for (size_t i = 0; i < window_.size(); ++i)
      pools_.Advance(Symbol(window_[i].first, window_[i].second, i + 1 == window_.size(), config));
  } else {
    pools_.Advance(Symbol(window_.back().first, window_.back().second, true, config));
  }
  BuildViews(config);
  degrees_.Predict(views_, config);
  prediction_.fill(0);
  for (int pc = 0; pc < 12; ++pc) prediction_[pc] = degrees_.prediction()[(pc - std::max(reference_, 0) + 12) % 12];
}

// The views point into the pools' codes, so they are built once per object (a copied network builds its own).
void Tonal::BuildViews(const Config& config) {
  if (views_owner_ == this) return;
  views_owner_ = this;
  views_.clear();
  for (int pool = 1; pool <= pools_.orders(); ++pool)
    views_.push_back({&pools_.code(pool), pool <= config.tonal_short_orders, true, false, false});
}

void Tonal::FindReference(const Config& config) {
  if (config.tonal_reference == 1 || config.tonal_reference == 3) {
    reference_ = config.tonal_reference == 1 ? first_pitch_class_ : window_.back().first;
    return;
  }
  double best_score = -1;
  for (int candidate = 0; candidate < 12; ++candidate) {
    double score = activity_[candidate];
    if (config.tonal_reference == 2) {
      score *= kTonicTieBreak;
      for (int step : kMajorScale) score += activity_[(candidate + step) % 12];
    }
    if (score > best_score) {
      best_score = score;
      reference_ = candidate;
    }
  }
}

void Tonal::Hear(int pitch_class, int phase, bool learn, const Config& config) {
  if (!enabled_) return;
  if (reference_ >= 0) {
    const int degree = (pitch_class - reference_ + 12) % 12;
    BuildViews(config);
    if (learn) degrees_.Learn(degree, views_, config);
    degrees_.Fired(degree, config);
  }
  if (first_pitch_class_ < 0) first_pitch_class_ = pitch_class;
  for (double& a : activity_) a *= config.tonal_decay;
  activity_[pitch_class] += 1;
  window_.emplace_back(pitch_class, phase);
  if (static_cast<int>(window_.size()) > pools_.orders()) window_.erase(window_.begin());
  const int reference_before = reference_;
  FindReference(config);
  // A moved reference rereads every note; so does a phase heard with the last note only (tonal_phase 2).
  Recode(config, reference_ != reference_before || config.tonal_phase == 2);
}

Tonal::Shown Tonal::LongestFamiliar(const Config& config) const {
  Shown shown;
  if (!enabled_) return shown;
  for (int pool = 1; pool <= pools_.orders(); ++pool) {
    const ContextReading reading = degrees_.SlowReading(pools_.code(pool));
    if (pool > 1 && reading.confidence <= 0) break;
    shown.order = pool;
    shown.reading = reading;
  }
  const int first_cell = 1 + (shown.order - 1) * config.tonal_pool_size;
  for (int cell : pools_.code(shown.order)) shown.cells.push_back(cell - first_cell);
  if (shown.reading.vote >= 0) shown.reading.vote = (shown.reading.vote + std::max(reference_, 0)) % 12;
  return shown;
}

bool Tonal::familiar() const { return enabled_ && reference_ >= 0 && degrees_.Familiar({0}); }

void Tonal::WriteState(ByteWriter& writer) const {
  if (!enabled_) return;
  for (double a : activity_) writer.F64(a);
  writer.I32(reference_);
  writer.I32(first_pitch_class_);
  writer.VarUint(window_.size());
  for (const auto& [pitch_class, phase] : window_) {
    writer.I32(pitch_class);
    writer.I32(phase);
  }
  degrees_.WriteState(writer);
}

std::string Tonal::ReadState(ByteReader& reader, const Config& config, uint32_t format) {
  if (!enabled_) return "";
  for (double& a : activity_)
    if (!((a = reader.F64()) >= 0 && a < 1e9)) return "tonal activity out of range";
  reference_ = reader.I32();
  first_pitch_class_ = reader.I32();
  const uint64_t remembered = reader.VarUint();
  if (!reader.ok() || reference_ < -1 || reference_ >= 12 || first_pitch_class_ < -1 || first_pitch_class_ >= 12 ||
      remembered > static_cast<uint64_t>(pools_.orders()))
    return "tonal state out of range";
  window_.clear();
  for (uint64_t i = 0; i < remembered; ++i) {
    const int pitch_class = reader.I32(), phase = reader.I32();
    if (pitch_class < 0 || pitch_class >= 12 || phase < 0 || phase >= kMaxPhases) return "tonal note out of range";
    window_.emplace_back(pitch_class, phase);
  }
  std::string error = degrees_.ReadState(reader, format);
  if (!error.empty()) return error;
  views_owner_ = nullptr;
  Recode(config, true);
  return reader.ok() ? "" : "truncated tonal state";
}

}  // namespace hpiano
