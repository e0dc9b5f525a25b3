// Every parameter of the network in one struct, with its unit, default and
// allowed range (the names are MODEL.md's, so the code, the share format, the
// command line's --set and the page all say the same thing).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hpiano {

class ByteWriter;
class ByteReader;

struct Config {
  // Note neurons: 12 * octaves, one per pitch (octaves = 1: one per pitch class).
  int octaves = 1;
  // Context pools 1..context_orders; pool m's firing cells stand for the last m notes.
  int context_orders = 11;
  // 1 adds the tune pool: its cells stand for the whole tune so far, from its
  // start (it chains from its own last code), so a tune heard before is recalled
  // note after note; contexts longer than context_orders otherwise look alike.
  int tune_pool = 1;
  // Cells per context pool.
  int pool_size = 16384;
  // Cells in the tune pool. Each note of each tune heard takes k_context of
  // them, so it needs more room than a pool of short contexts to keep tunes apart.
  int tune_pool_size = 131072;
  // Cells firing per pool (k-winners-take-all).
  int k_context = 4;
  // Non-zero entries per column of the sparse random projections B_m and R_m.
  int projection_fan_out = 16;
  // Weight of the previous pool's code against the new note in a pool's drive:
  // >= 1 gates (pool m codes exactly the last m notes), < 1 lets contexts
  // sharing their last note share cells.
  double chain_gain = 1;
  // Slow weights are read from pools 0..slow_orders (fast weights from all).
  int slow_orders = 5;
  // The slow weights also give a prediction from pools 0..short_slow_orders
  // only: short contexts generalise to tunes never heard, long ones recall tunes
  // heard. At or above slow_orders there is no second prediction.
  int short_slow_orders = 3;
  // How much a readout's recent losses lower its mix weight: the weight is
  // entropy_bits(p)^-mix_sharpness * 2^(-recent_loss_weight * recent bits lost).
  double recent_loss_weight = 1;
  // recent bits lost = recent_loss_decay * recent bits lost + bits lost on this note (0: only the last note).
  double recent_loss_decay = 0.5;
  // Slow/fast mix weight = entropy_bits(p)^-mix_sharpness.
  double mix_sharpness = 1;
  // Update exclusion (fast set): shorter pools skip learning once a pool's
  // evidence for the heard note reaches this many observations.
  double exclusion_level = 0.5;
  // Note neurons that may fire at once (1 = melody, more = chords).
  int k_notes = 1;
  // Homeostasis, nats per step: theta += theta_rate * (fired - expected) - theta_decay * theta,
  // with `expected` the note's predicted probability, so a note that fires more
  // often than the network itself expects (a loop) gets harder to fire.
  double theta_rate = 0.05;
  // Fraction of each threshold that fades per step (thresholds forget old loops).
  double theta_decay = 0.02;
  // Thresholds stay within [-theta_max, theta_max] nats.
  double theta_max = 2;
  // Playing: 0 plays the top candidate, > 0 draws from softmax((c - theta) / temperature);
  // 1 draws from the prediction itself (c = ln p + const) shifted by the thresholds.
  double temperature = 1;
  // Lowest learning rate: the outstar rate is max(1 / usage, rate_floor); 0 keeps exact frequencies.
  double rate_floor = 0;
  // Fixes the random projections and the generator's first state.
  uint64_t seed = 1;
  // Keys and rhythm (key_rhythm.h). Interval neurons span -interval_range..+interval_range semitones.
  int interval_range = 12;
  // Key pools (the last m exact keys, read by the interval neurons).
  int key_orders = 4;
  // Rhythm pools (the last m rhythm classes) and joint pools (the last m
  // (melodic interval, rhythm class) pairs), read by the rhythm neurons.
  int rhythm_orders = 5;
  int joint_orders = 8;
  // Cells in each key, rhythm and joint pool.
  int music_pool_size = 4096;
  // The slow weights of the interval and rhythm neurons read their pools up to
  // this order; their generalising readout up to key_short_slow_orders.
  int key_slow_orders = 3;
  int key_short_slow_orders = 2;
  // The rhythm neurons' slow weights read joint pools up to this order (joint contexts are specific to a tune's key and
  // rarely generalise).
  int joint_slow_orders = 1;
  // Interval pools (the last m melodic intervals, transposition-invariant), read by the interval neurons beside the key
  // pools.
  int interval_orders = 0;
  // Rhythm pools hear each rhythm class with the onset's position (twelfths of a beat) within phase_beats beats; 0: the
  // class only.
  int phase_beats = 2;
  // p(key) is proportional to p(pitch class) * p(interval) * reach^(interval_vote - 1), reach = the sum of p(interval')
  // over the intervals reaching that pitch class: at 0 the interval neurons choose only the octave, at 1 the two
  // populations' predictions are multiplied (a product of experts).
  double interval_vote = 0.3;
  // 1: p(key) mixes that with the interval neurons' own key prediction, p(interval), each weighted
  // entropy_bits^-mix_sharpness; 0: the placed pitch classes only.
  int key_mix = 1;
  // The rhythm neurons' slow weights read rhythm pools up to this order; their generalising readout up to
  // rhythm_short_slow_orders.
  int rhythm_slow_orders = 5;
  int rhythm_short_slow_orders = 3;
  // The rhythm neurons' fast weights read rhythm pools up to this order (within a tune the joint pools say more).
  int rhythm_fast_orders = 2;
  // A tune pool for the interval and rhythm neurons (0: none): its code stands for the whole tune so far (keys and
  // rhythm classes), read and learned by their slow weights only, so a taught tune is recalled in its keys and rhythm.
  int music_tune_pool_size = 16384;
  // The interval and rhythm neurons' slow weights also learn their pools' longer contexts, up to this order, read by a
  // recall readout of their own (weighed like the others, so it has a say when it has been right lately): it recalls
  // taught tunes without hurting the generalising readouts.
  int music_recall_orders = 0;
  // Cells firing in each key, rhythm, joint and interval pool (2 is ~2 us a step faster, and 0.02 bits worse on frozen
  // rhythm).
  int music_k_context = 4;
  // 1: the interval and rhythm neurons above exist (exact keys and rhythm
  // classes); 0: the network is pitch classes only, as every network of
  // formats 1 and 2 (whose files and links open with 0, so they play as they did).
  int keys_and_rhythm = 1;
  // What the key-and-rhythm tune pool chains on: 1 the pitch classes heard since the tune began (the
  // note neurons' choices, so a key or rhythm played wrong does not derail the recall of the rest), 0
  // (key, rhythm class) pairs (format 3).
  int music_tune_chain = 1;
  // Cells firing in the key-and-rhythm tune pool (0: music_k_context, as format 3). One cell a context
  // lets a pool of 16,384 cells keep the taught tunes apart (with 4, their contexts share cells).
  int music_tune_k_context = 1;
  // The recall readout's advantage: a decayed sum (this decay per note) of the bits the slow weights' full
  // readout lost minus those the recall readout lost on this tune's notes; its mix weight is multiplied by
  // 2^advantage, so the recall has its say where it has been beating the readout it continues
  // (a taught tune) and less where it has not (false familiarity of its cells on tunes never heard).
  // 0: no advantage (format 3).
  double recall_advantage_decay = 0.98;
  // The interval and rhythm neurons' slow generalising readouts blend each context over the shorter ones as
  // p = (e + escape * d * p_shorter) / (c + escape * d), with e the context's evidence, c its count and d the
  // outcomes it has seen (1: PPM-C's escape, format 3): a larger escape trusts long contexts heard in few tunes
  // less (frozen rhythm 1.104 -> 1.075 bits, keys 2.765 -> 2.741 on the validation part).
  double key_slow_escape = 4;
  double rhythm_slow_escape = 5;
  // Tonal context (tonal.h), issue 13. Degree pools 1..tonal_orders (0: none) hear each note as its scale degree,
  // (pitch class - the tune's tonal reference) mod 12, so a phrase in another key fires the same cells; their slow
  // weights predict the next note's degree, which the reference turns back into a pitch class, a fourth readout
  // (one octave of note neurons only).
  int tonal_orders = 3;
  // How the reference is found from the tonal neurons (one per pitch class, each a leaky sum of its note's firings in
  // this tune): 0 the most active pitch class, 1 the first note of the tune, 2 the tonic of the major scale whose seven
  // pitch classes hold the most activity (the key signature), 3 the last note (the degree pools then hear intervals).
  int tonal_reference = 2;
  // Fraction of each tonal neuron's activity kept per note (1: the whole tune so far counts alike).
  double tonal_decay = 0.95;
  // Cells in each degree pool.
  int tonal_pool_size = 2048;
  // The degree pools' generalising readout reads them up to this order (the full readout all of them).
  int tonal_short_orders = 2;
  // The degree pools also hear the onset's position within the rhythm pools' phase_beats beats (the bar): 1 every
  // note's, 2 only the last note's; 0 not.
  int tonal_phase = 0;
  // The tonal readout's mixing weight is multiplied by this.
  double tonal_weight = 4;
  // After mixing, p(note) is multiplied by p_tonal(note)^tonal_product and normalised (a product of experts).
  double tonal_product = 0;
  // Cells firing in each degree pool.
  int tonal_k_context = 2;
  // The tonal readout's weight is divided by 1 + tonal_recall_yield * 2^-(recent bits lost by the slow weights' full
  // readout or the fast weights, the fewer): recalling a tune (one of them right lately), the readouts that remember
  // it decide.
  double tonal_recall_yield = 30;
  // The note neurons' fast readout blends each context over the shorter ones as p = (e + fast_escape * d * p_shorter)
  // / (c + fast_escape * d), e the context's evidence, c its count, d the outcomes it has seen (1: PPM-C's escape, as
  // the slow weights and formats 1-5): within a tune, where contexts of up to 11 notes are read, a long context heard
  // once or twice is less sure than PPM-C's escape makes it (GENERALISATION-NOTES.md).
  double fast_escape = 1.5;
  // Share of the mixed prediction that goes to the slow weights' generalising readout, whatever the other readouts'
  // weights (0: none, formats 1-5).
  double mix_floor = 0.01;
};

// Describes one parameter for validation, help texts, --set, the page's
// controls and the config's bytes. ConfigParams() lists them in one table
// (config.cpp): adding a parameter is its Config field plus one row there.
// The format of files and links this program writes (the .hpn version and the
// link's version byte). Older formats open with their own defaults (a link
// writes only the parameters that differ from its format's defaults): see
// ParamInfo::earlier_defaults and DefaultConfig.
constexpr uint32_t kFormatVersion = 6;

// A parameter's default in the formats up to `until_format` (inclusive),
// where it differed from today's.
struct EarlierDefault {
  uint32_t until_format;
  double value;
};

// Describes one parameter for validation, help texts, --set, the page's
// controls and the config's bytes. ConfigParams() lists them in one table
// (config.cpp): adding a parameter is its Config field plus one row there.
struct ParamInfo {
  const char* name;
  const char* help;  // one line, with the unit
  double min;
  double max;
  bool integer;  // from the field's type: int and uint64_t fields are whole numbers
  // Sets the network's shape (its sizes, projections or the pools the slow
  // weights read): such a parameter changes only with a new network.
  bool shapes_network;
  // The Config field, read and written as a double (whole numbers up to 2^53 exactly).
  double (*get)(const Config& config);
  void (*set)(Config& config, double value);
  // The first format that knows the parameter: a config of an older format naming it is refused.
  uint32_t first_format = 1;
  // Its defaults in older formats, oldest first, where they differ from the Config field's default; a format
  // before first_format that needs a value of its own lists it here too (keys_and_rhythm 0 in formats 1 and 2).
  std::vector<EarlierDefault> earlier_defaults;
};

// Every parameter, in a fixed order: a history's parameter changes name them by
// index, so new parameters go last.
const std::vector<ParamInfo>& ConfigParams();

// The row of a parameter by name, nullptr if there is none.
const ParamInfo* FindParam(const std::string& name);

// "" if `value` is within the parameter's range (and whole for an integer one),
// else a message naming the parameter and its range.
[[nodiscard]] std::string CheckParam(const ParamInfo& param, double value);

// Value of a parameter by name as a double (NaN if the name is unknown).
double GetParam(const Config& config, const std::string& name);

// Sets a parameter by name; returns an error message ("" on success). The value
// is range-checked on its own here; Validate checks the whole config.
[[nodiscard]] std::string SetParam(Config& config, const std::string& name, double value);

// Parses "key=value" (as given to --set) and sets it; returns an error message or "".
[[nodiscard]] std::string SetParamFromText(Config& config, const std::string& assignment);

// A seed given as a number (the page's and the API's JavaScript numbers):
// "" and `seed` set if it is within the seed parameter's range (a whole number
// from 0 to 2^53 - 1), else a message and `seed` untouched.
[[nodiscard]] std::string SeedFromNumber(double value, uint64_t& seed);

// "" if the config is usable, else a message naming the parameter and its range.
[[nodiscard]] std::string Validate(const Config& config);

// Bytes the network's arrays take for this config (used by Validate's 256 MiB limit), its caches included.
uint64_t MemoryBytes(const Config& config);

// The network's memo of context codes it drew (network.cpp's AdvanceCodes): entries of 4 + 2 k_context ints, as many
// as the largest power of two that takes at most kCodeMemoBytes (128 KiB: 2,048 entries at the defaults; 512 KiB
// was about 10% faster, and too large for the 32 MiB the default network may take).
constexpr uint64_t kCodeMemoBytes = 128 * 1024;
uint64_t CodeMemoEntries(const Config& config);
// Slots of the table of the cells a context pool's chain touches in one update (network.cpp's DrawCode): a power of
// two at least twice the touches, k_context sources of projection_fan_out cells each.
uint64_t ChainDriveSlots(const Config& config);

#ifndef HPIANO_MAX_NETWORK_BYTES
#define HPIANO_MAX_NETWORK_BYTES (256ull << 20)
#endif
// The largest network Validate accepts. Fuzzing builds lower it (scripts/fuzz),
// so that inputs naming large networks are refused at once and the fuzzer
// spends its time in the parsers rather than in allocating.
constexpr uint64_t kMaxNetworkBytes = HPIANO_MAX_NETWORK_BYTES;

// The config's bytes, in .hpn files and share links: varint count, then per
// parameter (in ConfigParams order) string name, float64 value; with
// only_changed just those that differ from the defaults.
void WriteConfig(ByteWriter& writer, const Config& config, bool only_changed = false);
// The defaults of file and link format `format` (1 .. kFormatVersion): each
// parameter's value in that format's Config (today's, or its earlier_defaults
// entry). Format 1's tune pool was as large as the other pools: it has no
// default of its own (ReadConfig sets it to pool_size).
Config DefaultConfig(uint32_t format);
// Reads what WriteConfig wrote, over the defaults of `format`; unknown names
// (also those that format did not know) or bad values give an error and leave
// `config` untouched.
[[nodiscard]] std::string ReadConfig(ByteReader& reader, Config& config, uint32_t format = kFormatVersion);

}  // namespace hpiano
