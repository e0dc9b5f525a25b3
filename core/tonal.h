// The tune's tonal context (issue 13): what lets contexts be read relative to
// the key, so a phrase heard in one key is recognised in another.
//  - Tonal neurons, one per pitch class: each is a leaky sum of its note
//    neuron's firings in this tune (activity *= tonal_decay per note, += 1 when
//    it fires). From them a tonal reference pitch class: the most active one, the
//    tune's first note, or the tonic of the major scale whose seven pitch classes
//    hold the most activity (tonal_reference).
//  - Degree pools 1..tonal_orders (population.h's HashedChain): pool m stands for
//    the last m notes as degrees, (pitch class - reference) mod 12, optionally each
//    with its onset's position in the bar. The codes are drawn again from the last
//    m notes whenever the reference moves, so they always read in today's frame.
//  - Degree neurons, one per degree, learn from the degree pools' cells by the
//    use-paced Hebbian rule (slow weights only: within a tune the note neurons'
//    fast weights already read in one frame). Their prediction, turned back into
//    pitch classes by the reference, is a fourth readout of the note neurons.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "config.h"
#include "population.h"

namespace hpiano {

class ByteWriter;
class ByteReader;

class Tonal {
 public:
  static constexpr int kDegrees = 12;
  // With config.tonal_orders 0, or more than one octave of note neurons, there is nothing: familiar() is always
  // false.
  void Reset(const Config& config);
  bool enabled() const { return enabled_; }
  // A config change (Adjust) may move tonal_short_orders: the views are built anew.
  void ConfigChanged() { views_owner_ = nullptr; }
  // A new tune: activity, the notes remembered and the reference cleared.
  void NewTune(const Config& config);
  // A rest: the degree pools start again (the activity and reference stay).
  void Rest(const Config& config);
  // The note neurons fired `pitch_class` with its onset at `phase` (twelfths of
  // a beat within the bar, KeyRhythm::phase()): with `learn` the degree neurons
  // learn its degree from the contexts before it; then the activity, the
  // reference and the codes move on and the next degree is predicted.
  void Hear(int pitch_class, int phase, bool learn, const Config& config);
  // Whether the readout has a say: a reference exists and its contexts were learned.
  bool familiar() const;
  // p(next pitch class) read through the degree neurons.
  const std::array<double, 12>& prediction() const { return prediction_; }
  int reference() const { return reference_; }
  const std::array<double, 12>& activity() const { return activity_; }
  const Population& degrees() const { return degrees_; }
  // The degree pools' firing cells (pool 1..tonal_orders), in the degree neurons' cell numbering.
  const std::vector<int>& code(int pool) const { return pools_.code(pool); }
  int orders() const { return pools_.orders(); }
  size_t MemoryBytes() const { return degrees_.MemoryBytes(); }
  // The longest degree pool whose context was heard (1 if none): its order, its
  // firing cells numbered within the pool, and the slow weights' reading with the
  // vote as a pitch class (what the page draws as one row).
  struct Shown {
    int order = 0;
    std::vector<int> cells;
    ContextReading reading;
  };
  Shown LongestFamiliar(const Config& config) const;
  // Everything Hear reads (nothing when disabled), and reading it back into a
  // Tonal Reset with the same config; "" or what is wrong.
  void WriteState(ByteWriter& writer) const;
  [[nodiscard]] std::string ReadState(ByteReader& reader, const Config& config, uint32_t format);

 private:
  void FindReference(const Config& config);
  void Recode(const Config& config, bool replay);
  void BuildViews(const Config& config);
  int Symbol(int pitch_class, int phase, bool last, const Config& config) const;
  bool enabled_ = false;
  HashedChain pools_;
  Population degrees_;
  std::vector<PoolView> views_;
  const Tonal* views_owner_ = nullptr;  // the object the views were built for
  std::array<double, 12> activity_{}, prediction_{};
  int reference_ = -1;  // -1 until the tune's first note
  int first_pitch_class_ = -1;
  // The last tonal_orders notes since the tune began or the last rest: pitch class, onset phase.
  std::vector<std::pair<int, int>> window_;
};

}  // namespace hpiano
