// Embind bindings of the core network for the page. Thin: conversions only.
// Array getters (and Frame's views()) return typed-array views into wasm
// memory, without copying; a view is invalid once memory grows, which any call
// that steps, loads or changes a network may do, so read them again after each
// such call (or copy them at once, as web/network.js does).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <algorithm>
#include <unordered_map>

#include "config.h"
#include "corpus.h"
#include "evaluation.h"
#include "frame.h"
#include "history.h"
#include "midi_file.h"
#include "network.h"
#include "network_file.h"
#include "share_link.h"

namespace hpiano {
namespace {

using emscripten::val;

// A property name as a JS string, made once: val::set with a C string makes
// the JS string anew on every call, and a frame's views set some 45 a step.
const val& Key(const char* name) {
  static auto* keys = new std::unordered_map<const char*, val>;
  auto found = keys->find(name);
  if (found == keys->end()) found = keys->emplace(name, val(name)).first;
  return found->second;
}

template <typename T>
val View(const std::vector<T>& values) {
  return val(emscripten::typed_memory_view(values.size(), values.data()));
}

val BytesToJs(const std::vector<uint8_t>& bytes) {
  val array = val::global("Uint8Array").new_(bytes.size());
  array.call<void>("set", View(bytes));
  return array;
}

std::vector<uint8_t> BytesFromJs(const val& bytes) { return emscripten::convertJSArrayToNumberVector<uint8_t>(bytes); }

// A JS object {name: value, ...} applied over `base`; "" or an error message.
std::string ConfigFromJs(const val& object, Config base, Config& out) {
  if (!object.isUndefined() && !object.isNull()) {
    const val keys = val::global("Object").call<val>("keys", object);
    const int count = keys["length"].as<int>();
    for (int i = 0; i < count; ++i) {
      const std::string name = keys[i].as<std::string>();
      const val value = object[name];
      if (value.typeOf().as<std::string>() != "number") return name + " must be a number";
      const std::string error = SetParam(base, name, value.as<double>());
      if (!error.empty()) return error;
    }
  }
  out = base;
  return Validate(out);
}

val ConfigToJs(const Config& config) {
  val object = val::object();
  for (const ParamInfo& param : ConfigParams()) object.set(param.name, GetParam(config, param.name));
  return object;
}

val ConfigParamsToJs() {
  const Config defaults;
  val list = val::array();
  for (const ParamInfo& param : ConfigParams()) {
    val info = val::object();
    info.set("name", std::string(param.name));
    info.set("help", std::string(param.help));
    info.set("min", param.min);
    info.set("max", param.max);
    info.set("integer", param.integer);
    info.set("default", GetParam(defaults, param.name));
    list.call<void>("push", info);
  }
  return list;
}

std::string Reset(Network& network, const val& object) {
  Config config;
  const std::string error = ConfigFromJs(object, Config(), config);
  return error.empty() ? network.Reset(config) : error;
}

std::string Adjust(Network& network, const val& object) {
  Config config;
  const std::string error = ConfigFromJs(object, network.config(), config);
  return error.empty() ? network.Adjust(config) : error;
}

std::string Rebuild(Network& network, const val& object, const val& history) {
  Config config;
  const std::string error = ConfigFromJs(object, Config(), config);
  return error.empty() ? RebuildNetwork(config, BytesFromJs(history), network) : error;
}

// Replays history events onto the network as it is (history.h's ReplayHistory):
// the page's journal of what it had not saved yet. "" or the message; on error
// the network is partly replayed, so the caller opens its saved copy again.
std::string Replay(Network& network, const val& history) { return ReplayHistory(BytesFromJs(history), network); }

val PoolReadingToJs(const Network& network, int set, int pool) {
  val reading = val::object();
  if (pool < 0 || pool >= network.pool_count() || set < 0 || set > 1) return reading;
  const PoolReading& r = network.reading(static_cast<WeightSet>(set), pool);
  reading.set("confidence", r.confidence);
  reading.set("vote", r.vote);
  reading.set("voteShare", r.vote_share);
  reading.set("distinct", r.distinct);
  return reading;
}

// A JS Array of `values` (contiguous numbers), made by one call into JS:
// Array.from over a view of the wasm memory, copied at once. Pushed one by one
// (val::array(vector) too) each value was a call into JS: the page's 24
// built-in tunes took 17 ms to read at start-up.
template <typename Values>
val ListOf(const Values& values) {
  return val::global("Array").call<val>("from", val(emscripten::typed_memory_view(values.size(), values.data())));
}

val PitchClassPrediction(const Network& network) { return ListOf(network.PitchClassPrediction()); }
// p(next key), 128 values; p(rhythm class of the IOI to the next note), 12 values.
val KeyPrediction(const Network& network) { return ListOf(network.KeyPrediction()); }
val RhythmPrediction(const Network& network) { return ListOf(network.rhythm_prediction()); }

val FiredMidi(const Network& network) { return ListOf(network.fired_midi()); }

val Code(const Network& network, int pool) {
  static const std::vector<int> empty;
  return View(pool >= 0 && pool < network.pool_count() ? network.code(pool) : empty);
}

val FirstOrderWeights(const Network& network) {
  const std::vector<float> matrix = network.FirstOrderWeights();
  val array = val::global("Float32Array").new_(matrix.size());
  array.call<void>("set", View(matrix));
  return array;
}

NetworkNotes NotesFromJs(const val& title, const val& settings) {
  NetworkNotes notes;
  if (title.typeOf().as<std::string>() == "string") notes.title = title.as<std::string>();
  if (settings.typeOf().as<std::string>() == "object" && !settings.isNull()) {
    const val keys = val::global("Object").call<val>("keys", settings);
    for (int i = 0; i < keys["length"].as<int>(); ++i) {
      const std::string key = keys[i].as<std::string>();
      notes.page_settings.emplace_back(key, val::global("String")(settings[key]).as<std::string>());
    }
  }
  return notes;
}

// {error, title, settings}: what a load or an opened link gives the page.
val Opened(const std::string& error, const NetworkNotes& notes) {
  val result = val::object();
  result.set("error", error);
  result.set("title", notes.title);
  val settings = val::object();
  for (const auto& [key, value] : notes.page_settings) settings.set(key, value);
  result.set("settings", settings);
  return result;
}

// {error, network, title, settings}: `network` (a Network the caller deletes)
// only without error. Decoding goes into an unset network (no arrays) and the
// result is moved into the one JS holds: no default network is built first.
val OpenedNetwork(const std::string& error, Network&& network, const NetworkNotes& notes) {
  val result = Opened(error, notes);
  if (error.empty()) result.set("network", val(std::move(network)));
  return result;
}

val LoadNetwork(const val& bytes) {
  Network network{Network::Unset()};
  NetworkNotes notes;
  const std::string error = NetworkFile::Load(BytesFromJs(bytes), network, &notes);
  return OpenedNetwork(error, std::move(network), notes);
}

val Save(const Network& network, const val& title, const val& settings) {
  return BytesToJs(NetworkFile::Save(network, NotesFromJs(title, settings)));
}

val SharePayload(const Network& network, const val& title, const val& settings) {
  return BytesToJs(EncodeSharePayload(network, NotesFromJs(title, settings)));
}

val OpenShared(const val& payload) {
  Network network{Network::Unset()};
  NetworkNotes notes;
  const std::string error = DecodeSharePayload(BytesFromJs(payload), network, notes);
  return OpenedNetwork(error, std::move(network), notes);
}

// One weight set's readings of every pool.
val ReadingsToJs(const Frame::Readings& readings) {
  val object = val::object();
  object.set(Key("read"), View(readings.read));
  object.set(Key("confidence"), View(readings.confidence));
  object.set(Key("voteShare"), View(readings.vote_share));
  object.set(Key("distinct"), View(readings.distinct));
  object.set(Key("vote"), View(readings.vote));
  return object;
}

// A population's part of the frame, under the same names for the note neurons
// (at the frame's top) and the rhythm neurons (its `rhythm`), so one copy and
// one view serve both.
void SetNeurons(val& views, const Frame::Neurons& neurons) {
  views.set(Key("activations"), View(neurons.activation));
  views.set(Key("mean"), neurons.mean);
  views.set(Key("centred"), View(neurons.centred));
  views.set(Key("thresholds"), View(neurons.thresholds));
  views.set(Key("expectedBefore"), neurons.expected_before);
  views.set(Key("fired"), View(neurons.fired));
  views.set(Key("inhibited"), View(neurons.inhibited));
  views.set(Key("chosen"), neurons.chosen);
  views.set(Key("prediction"), View(neurons.prediction));
}

// Frame's fields as typed-array views over its own vectors (valid until the
// next call that may grow memory) and numbers: one call for everything the
// page draws.
val FrameViews(const Frame& frame) {
  val views = val::object();
  SetNeurons(views, frame.notes);
  views.set(Key("firedMidi"), View(frame.fired_midi));
  views.set(Key("stepped"), frame.stepped);
  views.set(Key("pitchClasses"),
            val(emscripten::typed_memory_view(frame.pitch_classes.size(), frame.pitch_classes.data())));
  views.set(Key("flat"), frame.flat);
  views.set(Key("expected"), frame.expected_pitch_class);
  views.set(Key("expectedMidi"), frame.expected_midi);
  views.set(Key("expectedMidiProbability"), frame.expected_midi_probability);
  val rhythm = val::object();
  SetNeurons(rhythm, frame.rhythm);
  rhythm.set(Key("enabled"), frame.rhythm.enabled);
  rhythm.set(Key("expected"), frame.rhythm.expected);
  views.set(Key("rhythm"), rhythm);
  views.set(Key("neuronMidi"), View(frame.neuron_midi));
  views.set(Key("poolKind"), View(frame.pool_kind));
  views.set(Key("poolSize"), View(frame.pool_size));
  views.set(Key("cells"), View(frame.cells));
  views.set(Key("cellStart"), View(frame.cell_start));
  views.set(Key("slow"), ReadingsToJs(frame.readings[static_cast<int>(WeightSet::kSlow)]));
  views.set(Key("fast"), ReadingsToJs(frame.readings[static_cast<int>(WeightSet::kFast)]));
  views.set(Key("tonalReference"), frame.tonal_reference);
  views.set(Key("tonalOrder"), frame.tonal_order);
  views.set(Key("decidingPool"), frame.deciding_pool);
  views.set(Key("decidingSet"), std::string(frame.deciding_set == WeightSet::kFast ? "fast" : "slow"));
  views.set(Key("mixWeights"), val(emscripten::typed_memory_view(frame.mix_weight.size(), frame.mix_weight.data())));
  views.set(Key("firstOrderWeights"), View(frame.first_order_weights));
  return views;
}

// A seed from the page is a JavaScript number: "" and the generator re-seeded,
// or why not (-1, NaN, 0.5 and 2^53 are refused, nothing changes).
std::string Reseed(Network& network, double seed) {
  uint64_t whole = 0;
  const std::string error = SeedFromNumber(seed, whole);
  if (error.empty()) network.Reseed(whole);
  return error;
}

// The event before hearing number `hearing` of a tune being taught (evaluation.h).
void BeginHearingJs(Network& network, int hearing) { BeginHearing(network, hearing); }

// Teaches a tune (MIDI notes, one beat each) `hearings` times, as hpiano train
// --epochs does; returns the notes heard.
double TeachJs(Network& network, const val& notes, int hearings) {
  return static_cast<double>(
      TeachTune(network, Melody{"", emscripten::convertJSArrayToNumberVector<int>(notes), {}}, hearings));
}

// The same with timing: rhythms[i] is the rhythm class (0..11) of the IOI
// from note i to note i + 1, as a timed corpus line gives it.
double TeachTimedJs(Network& network, const val& notes, const val& rhythms, int hearings) {
  Melody tune{"", emscripten::convertJSArrayToNumberVector<int>(notes), {}};
  for (int rhythm : emscripten::convertJSArrayToNumberVector<int>(rhythms))
    tune.iois.push_back(RhythmClassIoi(std::clamp(rhythm, 0, kRhythmClasses - 1)));
  return static_cast<double>(TeachTune(network, tune, hearings));
}

// The beats of each rhythm class (core/rhythm.h), 12 numbers: the page's one
// table of classes, and RhythmClassOf for a gap it measured in beats.
val RhythmClassBeats() {
  val list = val::array();
  for (int c = 0; c < kRhythmClasses; ++c) list.call<void>("push", RhythmClassIoi(c).Beats());
  return list;
}

// {error, melodies: [{name, notes, rhythms}]}: corpus text read by the core's
// parser (a token MIDI or MIDI:IOI); rhythms[i] is the class of the IOI from
// note i to note i + 1 (the last: its written length), one beat where untimed.
// On a bad line `error` names it and `melodies` is empty.
val ParseCorpusJs(const std::string& text) {
  std::vector<Melody> melodies;
  val result = val::object();
  result.set("error", ParseCorpus(text, melodies));
  val list = val::array();
  for (const Melody& melody : melodies) {
    val item = val::object();
    item.set("name", melody.name);
    item.set("notes", ListOf(melody.notes));
    std::vector<int> rhythms(melody.notes.size());
    for (size_t i = 0; i < rhythms.size(); ++i) rhythms[i] = RhythmClassOf(IoiAt(melody, i));
    item.set("rhythms", ListOf(rhythms));
    list.call<void>("push", item);
  }
  result.set("melodies", list);
  return result;
}

std::string FragmentFromCompressed(const val& compressed) { return ShareFragment(BytesFromJs(compressed)); }

// {error, bytes}: the compressed payload of a link or fragment.
val CompressedFromLinkJs(const std::string& link) {
  std::vector<uint8_t> compressed;
  val result = val::object();
  result.set("error", CompressedFromLink(link, compressed));
  result.set("bytes", BytesToJs(compressed));
  return result;
}

// {error, format, tracks: [{index, noteCount, name}]}
val MidiInfo(const val& bytes) {
  MidiFileInfo info;
  val result = val::object();
  result.set("error", ReadMidiInfo(BytesFromJs(bytes), info));
  result.set("format", info.format);
  val tracks = val::array();
  for (const MidiTrackSummary& track : info.tracks) {
    val summary = val::object();
    summary.set("index", track.index);
    summary.set("noteCount", track.note_count);
    summary.set("name", track.name);
    tracks.call<void>("push", summary);
  }
  result.set("tracks", tracks);
  return result;
}

// {error, notes, rhythms, inexact, name}: the melody line of a track (-1: the
// first with notes) in the page's tune shape: rhythms[i] the rhythm class
// (0..11) of the IOI from note i to note i + 1, the last note's its length;
// inexact: how many of those IOIs are not exactly their class.
val MidiMelody(const val& bytes, int track) {
  Melody melody;
  val result = val::object();
  result.set("error", ReadMidiMelody(BytesFromJs(bytes), track, melody));
  std::vector<int> rhythms;
  int inexact = 0;
  for (const Ioi& ioi : melody.iois) {
    rhythms.push_back(RhythmClassOf(ioi));
    inexact += !IsExactlyAClass(ioi);
  }
  result.set("notes", ListOf(melody.notes));
  result.set("rhythms", ListOf(rhythms));
  result.set("inexact", inexact);
  result.set("name", melody.name);
  return result;
}

// events: [{midi, startBeats, lengthBeats, velocity}] -> the bytes of a format-0 file.
val WriteMidi(const val& events, double tempo_bpm, const std::string& name) {
  std::vector<MidiNoteEvent> notes;
  for (int i = 0; i < events["length"].as<int>(); ++i) {
    const val event = events[i];
    notes.push_back({event["midi"].as<int>(), event["startBeats"].as<double>(), event["lengthBeats"].as<double>(),
                     event["velocity"].isUndefined() ? 90 : event["velocity"].as<int>()});
  }
  return BytesToJs(WriteMidiNotes(notes, tempo_bpm, name));
}

EMSCRIPTEN_BINDINGS(hebbian_piano) {
  emscripten::function("midiInfo", &MidiInfo);
  emscripten::function("midiMelody", &MidiMelody);
  emscripten::function("writeMidi", &WriteMidi);
  emscripten::function("configParams", &ConfigParamsToJs);
  emscripten::function("rhythmClassBeats", &RhythmClassBeats);
  emscripten::function(
      "rhythmClassOf", +[](double beats) { return beats > 0 ? RhythmClassOf(beats) : kNoRhythm; });
  emscripten::function("parseCorpus", &ParseCorpusJs);
  emscripten::function(
      "defaultConfig", +[] { return ConfigToJs(Config()); });
  emscripten::function("shareFragment", &FragmentFromCompressed);
  emscripten::function("openShared", &OpenShared);
  emscripten::function("load", &LoadNetwork);
  emscripten::function("compressedFromLink", &CompressedFromLinkJs);
  emscripten::constant("maxSharePayloadBytes", static_cast<double>(kMaxSharePayloadBytes));
  emscripten::constant("maxShareHistoryBytes", static_cast<double>(kMaxShareHistoryBytes));
  emscripten::class_<Network>("Network")
      .constructor<>()
      .function("reset", &Reset)
      .function("adjust", &Adjust)
      .function("rebuild", &Rebuild)
      .function("replay", &Replay)
      .function(
          "learnedNoteRuns", +[](const Network& n) { return BytesToJs(LearnedNoteRuns(n.history())); })
      .function(
          "config", +[](const Network& n) { return ConfigToJs(n.config()); })
      .function("newTune", &Network::NewTune)
      .function("rest", &Network::Rest)
      .function("step", &Network::Step)
      .function("stepTimed", &Network::StepTimed)
      .function("reseed", &Reseed)
      .function("beginHearing", &BeginHearingJs)
      .function("teach", &TeachJs)
      .function("teachTimed", &TeachTimedJs)
      .function("noteCount", &Network::note_count)
      .function("poolCount", &Network::pool_count)
      .function("midiForNeuron", &Network::MidiForNeuron)
      .function("neuronForMidi", &Network::NeuronForMidi)
      .function(
          "prediction", +[](const Network& n) { return View(n.prediction()); })
      .function(
          "readoutPrediction",
          +[](const Network& n, int readout) {
            return View(n.prediction_of(static_cast<Readout>(std::clamp(readout, 0, kReadouts - 1))));
          })
      .function("pitchClassPrediction", &PitchClassPrediction)
      .function("keyPrediction", &KeyPrediction)
      .function("rhythmPrediction", &RhythmPrediction)
      .function("lastRhythm", &Network::last_rhythm)
      .function(
          "expectedPitchClass", +[](const Network& n) { return ExpectedPitchClass(n.PitchClassPrediction()); })
      .function(
          "activation", +[](const Network& n) { return View(n.activation()); })
      .function("meanActivation", &Network::mean_activation)
      .function(
          "centred", +[](const Network& n) { return View(n.centred()); })
      .function(
          "thresholds", +[](const Network& n) { return View(n.thresholds()); })
      .function(
          "fired", +[](const Network& n) { return View(n.fired()); })
      .function(
          "inhibited", +[](const Network& n) { return View(n.inhibited()); })
      .function("firedMidi", &FiredMidi)
      .function("code", &Code)
      .function("poolReading", &PoolReadingToJs)
      .function("decidingPool", &Network::deciding_pool)
      .function(
          "mixWeight",
          +[](const Network& n, int readout) {
            return n.mix_weight(static_cast<Readout>(std::clamp(readout, 0, kReadouts - 1)));
          })
      .function(
          "weights", +[](const Network& n, int set) { return View(n.weights(static_cast<WeightSet>(set & 1))); })
      .function(
          "usage", +[](const Network& n, int set) { return View(n.usage(static_cast<WeightSet>(set & 1))); })
      .function("firstOrderWeights", &FirstOrderWeights)
      .function(
          "history", +[](const Network& n) { return View(n.history()); })
      .function(
          "learnedNotes", +[](const Network& n) { return static_cast<double>(CountLearnedNotes(n.history())); })
      .function(
          "steps", +[](const Network& n) { return static_cast<double>(n.steps()); })
      .function("lastMidi", &Network::last_midi)
      .function("save", &Save)
      .function("sharePayload", &SharePayload);
  // What the page draws of a step, filled by step() or show() and read in one
  // call by views(); the page keeps one.
  emscripten::class_<Frame>("Frame")
      .constructor<>()
      .function(
          "step", +[](Frame& frame, Network& network, int key, bool learn) { frame.Step(network, key, learn); })
      // rhythm: the class (0..11) of the IOI that ended at this note, -1 for none;
      // a note played has its class chosen (network.lastRhythm()).
      .function(
          "stepTimed", +[](Frame& frame, Network& network, int key, int rhythm,
                           bool learn) { frame.Step(network, key, rhythm, learn); })
      .function("show", &Frame::Show)
      .function("views", &FrameViews);
}

}  // namespace
}  // namespace hpiano
