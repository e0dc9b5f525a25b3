#include "midi_file.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace hpiano {

namespace {

constexpr int kPercussionChannel = 9;                // General MIDI channel 10, counted from 0
constexpr uint32_t kMaxVariableLength = 0x0FFFFFFF;  // largest value 4 bytes of 7 bits hold
constexpr size_t kChunkHeaderBytes = 8;              // 4-byte type, 4-byte big-endian length
constexpr size_t kMinHeaderLength = 6;               // format, track count, division
constexpr uint8_t kMetaEvent = 0xFF;
constexpr uint8_t kMetaTrackName = 0x03;
constexpr uint8_t kMetaEndOfTrack = 0x2F;
constexpr uint8_t kMetaTempo = 0x51;
constexpr uint8_t kSysEx = 0xF0;
constexpr uint8_t kSysExContinuation = 0xF7;
constexpr uint8_t kNoteOff = 0x80;
constexpr uint8_t kNoteOn = 0x90;
constexpr double kDefaultTempoBpm = 120;
constexpr uint32_t kMaxTempoMicrosecondsPerQuarter = 0xFFFFFF;  // the tempo event has 3 bytes
// Of its IOI, what a written note but the last sounds (the rest is silence
// between strikes).
constexpr double kHeldFractionOfIoi = 0.9;
// The last note's length and IOIs too long for kMaxIoiPart are rounded to this
// fraction of a beat: a multiple of every rhythm class's denominator (6, 4, 3, 2)
// and the finest step of the timed corpus (its 1/48-beat grace notes).
constexpr int kRoundingStepsPerBeat = 48;
constexpr uint64_t kNotReleased = std::numeric_limits<uint64_t>::max();
// Times beyond this many beats (after the SMPTE conversion) are refused: a
// double holds every tick up to there exactly.
constexpr double kMaxBeats = 1e12;

uint32_t ReadBigEndian(const std::vector<uint8_t>& bytes, size_t position, int byte_count) {
  uint32_t value = 0;
  for (int i = 0; i < byte_count; ++i) value = value << 8 | bytes[position + i];
  return value;
}

bool HasTag(const std::vector<uint8_t>& bytes, size_t position, const char* tag) {
  return std::equal(tag, tag + 4, bytes.begin() + position);
}

std::string Hex(uint8_t byte) {
  const char* digits = "0123456789ABCDEF";
  return std::string("0x") + digits[byte >> 4] + digits[byte & 0xF];
}

// What the reader keeps of one MTrk chunk.
struct TrackContents {
  std::string name;
  std::vector<int> melody;
  std::vector<uint64_t> onsets;  // tick of each melody note
  // The last melody note's channel, and the tick it was released (kNotReleased: not yet).
  int last_channel = 0;
  uint64_t last_release = kNotReleased;
  uint64_t end_tick = 0;     // the end-of-track event's tick, or the last event's
  uint32_t first_tempo = 0;  // microseconds per quarter note of its first tempo event, 0 if none
};

// Reads the events in bytes[begin, end), the data of the MTrk chunk numbered
// `index`. `notes_left` is how many more melody notes the file may hold.
std::string ReadTrack(const std::vector<uint8_t>& bytes, size_t begin, size_t end, int index, int& notes_left,
                      TrackContents& track) {
  const auto error = [index](const std::string& what, size_t position) {
    return "track " + std::to_string(index) + " " + what + " at byte " + std::to_string(position);
  };
  const std::string cut_short = "ends in the middle of an event";
  size_t position = begin;
  // Reads a variable-length quantity: 7 bits a byte, most significant first,
  // the high bit set on every byte but the last.
  const auto read_variable_length = [&](uint32_t& value) -> std::string {
    const size_t start = position;
    value = 0;
    for (int byte_count = 1;; ++byte_count) {
      if (position >= end) return error(cut_short, end);
      const uint8_t byte = bytes[position++];
      value = value << 7 | (byte & 0x7F);
      if (byte < 0x80) return "";
      if (byte_count == 4) return error("has a variable-length number longer than 4 bytes", start);
    }
  };
  uint64_t tick = 0;           // grows by less than 2^28 an event, so it cannot overflow
  uint8_t running_status = 0;  // 0: none in effect
  bool named = false;
  while (position < end) {
    uint32_t delta_ticks = 0;
    std::string problem = read_variable_length(delta_ticks);
    if (!problem.empty()) return problem;
    tick += delta_ticks;
    track.end_tick = tick;
    if (position >= end) return error(cut_short, end);
    uint8_t status = bytes[position];
    if (status >= 0x80) {
      ++position;
    } else if (running_status != 0) {
      status = running_status;
    } else {
      return error("has a data byte without a status byte", position);
    }

    if (status < 0xF0) {
      running_status = status;
      const uint8_t kind = status & 0xF0;
      const size_t data_bytes = (kind == 0xC0 || kind == 0xD0) ? 1 : 2;
      if (end - position < data_bytes) return error(cut_short, end);
      for (size_t i = 0; i < data_bytes; ++i)
        if (bytes[position + i] >= 0x80)
          return error("has status byte " + Hex(bytes[position + i]) + " in place of a data byte", position + i);
      const int note = bytes[position];
      const int channel = status & 0x0F;
      const bool sounds = kind == kNoteOn && bytes[position + 1] > 0;  // velocity 0 means note-off
      const bool releases = kind == kNoteOff || (kind == kNoteOn && !sounds);
      if (sounds && channel != kPercussionChannel) {
        if (!track.melody.empty() && tick == track.onsets.back()) {
          if (note > track.melody.back()) {
            track.melody.back() = note;
            track.last_channel = channel;
          }
        } else {
          if (notes_left == 0) return "the file has more than " + std::to_string(kMaxMidiNotes) + " notes";
          --notes_left;
          track.melody.push_back(note);
          track.onsets.push_back(tick);
          track.last_channel = channel;
          track.last_release = kNotReleased;
        }
      } else if (releases && !track.melody.empty() && track.last_release == kNotReleased &&
                 note == track.melody.back() && channel == track.last_channel && tick > track.onsets.back()) {
        track.last_release = tick;
      }
      position += data_bytes;
      continue;
    }

    running_status = 0;  // sysex and meta events cancel running status
    uint8_t meta_type = 0;
    if (status == kMetaEvent) {
      if (position >= end) return error(cut_short, end);
      meta_type = bytes[position++];
    } else if (status != kSysEx && status != kSysExContinuation) {
      return error("has status byte " + Hex(status) + " (not allowed in a MIDI file)", position - 1);
    }
    uint32_t length = 0;
    problem = read_variable_length(length);
    if (!problem.empty()) return problem;
    if (length > end - position) return error(cut_short, end);
    if (status == kMetaEvent && meta_type == kMetaTrackName && !named) {
      track.name.assign(bytes.begin() + position, bytes.begin() + position + length);
      named = true;
    }
    if (status == kMetaEvent && meta_type == kMetaTempo && length >= 3 && track.first_tempo == 0)
      track.first_tempo = ReadBigEndian(bytes, position, 3);
    position += length;
    if (status == kMetaEvent && meta_type == kMetaEndOfTrack) break;  // what follows is not events
  }
  return "";
}

// Parses the header and every chunk. Trailing bytes too few for a chunk header
// are ignored: some writers pad files.
std::string ReadFile(const std::vector<uint8_t>& bytes, MidiFileInfo& info, std::vector<TrackContents>& tracks) {
  if (bytes.size() < kChunkHeaderBytes || !HasTag(bytes, 0, "MThd")) return "not a MIDI file (no MThd header)";
  const uint32_t header_length = ReadBigEndian(bytes, 4, 4);
  if (header_length < kMinHeaderLength)
    return "the MThd header is " + std::to_string(header_length) + " bytes long; it should be at least 6";
  if (header_length > bytes.size() - kChunkHeaderBytes)
    return "the MThd header is truncated at byte " + std::to_string(bytes.size()) + " (it claims " +
           std::to_string(header_length) + " bytes)";
  info.format = static_cast<int>(ReadBigEndian(bytes, 8, 2));
  if (info.format > 2) return "unsupported MIDI format " + std::to_string(info.format) + " (expected 0, 1 or 2)";
  const uint32_t division = ReadBigEndian(bytes, 12, 2);
  const bool counts_smpte_frames = (division & 0x8000) != 0;
  if (division == 0) return "the MThd header gives 0 ticks per quarter note";
  if (counts_smpte_frames && (division & 0xFF) == 0) return "the MThd header gives 0 ticks per SMPTE frame";
  info.ticks_per_quarter = counts_smpte_frames ? 0 : static_cast<int>(division);

  int notes_left = kMaxMidiNotes;
  size_t position = kChunkHeaderBytes + header_length;
  while (bytes.size() - position >= kChunkHeaderBytes) {
    const size_t chunk_start = position;
    const uint32_t length = ReadBigEndian(bytes, position + 4, 4);
    const bool is_track = HasTag(bytes, position, "MTrk");
    position += kChunkHeaderBytes;
    if (length > bytes.size() - position)
      return (is_track ? "track " + std::to_string(tracks.size())
                       : "the chunk at byte " + std::to_string(chunk_start)) +
             " is truncated at byte " + std::to_string(bytes.size()) + " (it claims " + std::to_string(length) +
             " bytes)";
    if (is_track) {
      TrackContents track;
      const std::string problem =
          ReadTrack(bytes, position, position + length, static_cast<int>(tracks.size()), notes_left, track);
      if (!problem.empty()) return problem;
      info.tracks.push_back({static_cast<int>(tracks.size()), static_cast<int>(track.melody.size()), track.name});
      tracks.push_back(std::move(track));
    }
    position += length;
  }
  if (tracks.empty()) return "the file has no tracks (no MTrk chunk)";
  return "";
}

void AppendBigEndian(std::vector<uint8_t>& out, uint32_t value, int byte_count) {
  for (int shift = 8 * (byte_count - 1); shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(value >> shift));
}

// `value` at most kMaxVariableLength.
void AppendVariableLength(std::vector<uint8_t>& out, uint32_t value) {
  int shift = 21;
  while (shift > 0 && (value >> shift) == 0) shift -= 7;
  for (; shift > 0; shift -= 7) out.push_back(static_cast<uint8_t>(0x80 | ((value >> shift) & 0x7F)));
  out.push_back(static_cast<uint8_t>(value & 0x7F));
}

// A meta event at delta time 0: on the tick of the event before it.
void AppendMetaEvent(std::vector<uint8_t>& track, uint8_t type, const std::vector<uint8_t>& data) {
  track.insert(track.end(), {0, kMetaEvent, type});
  AppendVariableLength(track, static_cast<uint32_t>(data.size()));
  track.insert(track.end(), data.begin(), data.end());
}

void AppendChunk(std::vector<uint8_t>& out, const char* tag, const std::vector<uint8_t>& data) {
  out.insert(out.end(), tag, tag + 4);
  AppendBigEndian(out, static_cast<uint32_t>(data.size()), 4);
  out.insert(out.end(), data.begin(), data.end());
}

// Ticks stop one short of the largest delta time so that a note-off one tick
// later still fits.
uint32_t BeatsToTicks(double beats) {
  const double ticks = std::round(beats * kMidiTicksPerQuarter);
  return ticks >= kMaxVariableLength - 1 ? kMaxVariableLength - 1 : static_cast<uint32_t>(ticks);
}

// `beats` (> 0) rounded to 1/kRoundingStepsPerBeat beat, or to whole beats
// (at most kMaxIoiPart) when that numerator would pass kMaxIoiPart; one beat if
// it rounds to 0.
Ioi RoundedIoi(double beats) {
  const double steps = std::round(beats * kRoundingStepsPerBeat);
  if (steps < 1) return Ioi{};
  if (steps > kMaxIoiPart) return {static_cast<int>(std::min(std::round(beats), double{kMaxIoiPart})), 1};
  const int divisor = std::gcd(static_cast<int>(steps), kRoundingStepsPerBeat);
  return {static_cast<int>(steps) / divisor, kRoundingStepsPerBeat / divisor};
}

// `ticks` (> 0) at `ticks_per_quarter` as a reduced fraction of beats, exact
// when its numerator fits kMaxIoiPart (the denominator always does: at most 32,767).
Ioi IoiOfTicks(uint64_t ticks, uint64_t ticks_per_quarter) {
  const uint64_t divisor = std::gcd(ticks, ticks_per_quarter);
  if (ticks / divisor <= kMaxIoiPart)
    return {static_cast<int>(ticks / divisor), static_cast<int>(ticks_per_quarter / divisor)};
  return RoundedIoi(static_cast<double>(ticks) / static_cast<double>(ticks_per_quarter));
}

// The ticks of a file in quarter notes: its own ticks when its division counts
// ticks per quarter note; SMPTE times (division: the negated frames per second
// in the high byte, ticks per frame in the low one; 29 means 29.97 drop-frame)
// are converted at `tempo` (> 0) microseconds per quarter note into
// kMidiTicksPerQuarter per beat.
struct Timebase {
  uint64_t ticks_per_quarter = kMidiTicksPerQuarter;
  double quarter_ticks_per_file_tick = 0;  // 0: the file's ticks count quarter notes

  Timebase(uint32_t division, uint32_t tempo) {
    if ((division & 0x8000) == 0) {
      ticks_per_quarter = division;
      return;
    }
    const int frames_per_second = 256 - static_cast<int>(division >> 8);
    const double frame_rate = frames_per_second == 29 ? 30000.0 / 1001 : frames_per_second;
    const double file_ticks_per_second = frame_rate * static_cast<double>(division & 0xFF);
    const double quarters_per_second = 1e6 / tempo;
    quarter_ticks_per_file_tick = kMidiTicksPerQuarter * quarters_per_second / file_ticks_per_second;
  }

  // Whether every tick up to `last_tick` converts exactly enough (an SMPTE file
  // of absurd length or tempo does not).
  bool Holds(uint64_t last_tick) const {
    return quarter_ticks_per_file_tick == 0 ||
           static_cast<double>(last_tick) * quarter_ticks_per_file_tick <= kMaxBeats * kMidiTicksPerQuarter;
  }
  uint64_t QuarterTicks(uint64_t tick) const {
    if (quarter_ticks_per_file_tick == 0) return tick;
    return static_cast<uint64_t>(std::llround(static_cast<double>(tick) * quarter_ticks_per_file_tick));
  }
};

// The IOIs of a track's melody (ReadMidiMelody says how).
std::vector<Ioi> MelodyIois(const TrackContents& track, const Timebase& timebase) {
  std::vector<Ioi> iois;
  for (size_t i = 0; i + 1 < track.onsets.size(); ++i) {
    // The same tick never starts two melody notes, but two SMPTE ticks may
    // round to one quarter tick: those are a tick apart.
    const uint64_t ticks = timebase.QuarterTicks(track.onsets[i + 1]) - timebase.QuarterTicks(track.onsets[i]);
    iois.push_back(IoiOfTicks(std::max<uint64_t>(ticks, 1), timebase.ticks_per_quarter));
  }
  const uint64_t last_end = track.last_release != kNotReleased ? track.last_release : track.end_tick;
  const uint64_t length = timebase.QuarterTicks(last_end) - timebase.QuarterTicks(track.onsets.back());
  iois.push_back(RoundedIoi(static_cast<double>(length) / static_cast<double>(timebase.ticks_per_quarter)));
  return iois;
}

struct NoteMessage {
  uint32_t tick;
  uint8_t status;
  uint8_t note;
  uint8_t velocity;
};

}  // namespace

std::string ReadMidiInfo(const std::vector<uint8_t>& bytes, MidiFileInfo& info) {
  info = MidiFileInfo();
  MidiFileInfo parsed;
  std::vector<TrackContents> tracks;
  const std::string problem = ReadFile(bytes, parsed, tracks);
  if (problem.empty()) info = std::move(parsed);
  return problem;
}

std::string ReadMidiMelody(const std::vector<uint8_t>& bytes, int track, Melody& melody) {
  melody = Melody();
  MidiFileInfo info;
  std::vector<TrackContents> tracks;
  const std::string problem = ReadFile(bytes, info, tracks);
  if (!problem.empty()) return problem;
  const int track_count = static_cast<int>(tracks.size());
  if (track == -1) {
    track = 0;
    while (track < track_count && tracks[track].melody.empty()) ++track;
    if (track == track_count) return "no track has notes";
  }
  if (track < 0 || track >= track_count)
    return "there is no track " + std::to_string(track) + " (the file has " + std::to_string(track_count) +
           " tracks, numbered from 0)";
  TrackContents& contents = tracks[track];
  if (contents.melody.empty()) return "track " + std::to_string(track) + " has no notes";
  uint32_t tempo = 0;
  for (const TrackContents& any : tracks)
    if (tempo == 0) tempo = any.first_tempo;
  if (tempo == 0) tempo = static_cast<uint32_t>(60e6 / kDefaultTempoBpm);
  const Timebase timebase(ReadBigEndian(bytes, 12, 2), tempo);
  if (!timebase.Holds(contents.end_tick))
    return "track " + std::to_string(track) + " lasts too long to read as beats (SMPTE time at tempo " +
           std::to_string(tempo) + " us per quarter note)";
  melody.iois = MelodyIois(contents, timebase);
  melody.notes = std::move(contents.melody);
  melody.name = std::move(contents.name);
  return "";
}

std::vector<uint8_t> WriteMidiNotes(const std::vector<MidiNoteEvent>& events, double tempo_bpm,
                                    const std::string& track_name) {
  std::vector<NoteMessage> messages;
  for (const MidiNoteEvent& event : events) {
    if (event.midi < 0 || event.midi > 127) continue;
    if (!std::isfinite(event.start_beats) || !std::isfinite(event.length_beats)) continue;
    if (event.start_beats < 0 || event.length_beats < 0) continue;
    const uint32_t on = BeatsToTicks(event.start_beats);
    const uint32_t off = std::max(on + 1, BeatsToTicks(event.start_beats + event.length_beats));
    const auto note = static_cast<uint8_t>(event.midi);
    messages.push_back({on, kNoteOn, note, static_cast<uint8_t>(std::clamp(event.velocity, 1, 127))});
    messages.push_back({off, kNoteOff, note, 64});
  }
  // On one tick note-offs go first, so a note repeated right after itself is
  // released before it strikes again.
  std::stable_sort(messages.begin(), messages.end(), [](const NoteMessage& a, const NoteMessage& b) {
    return a.tick != b.tick ? a.tick < b.tick : a.status < b.status;
  });

  std::vector<uint8_t> track;
  const size_t name_length = std::min<size_t>(track_name.size(), kMaxVariableLength);
  AppendMetaEvent(track, kMetaTrackName, std::vector<uint8_t>(track_name.begin(), track_name.begin() + name_length));
  if (!std::isfinite(tempo_bpm) || tempo_bpm <= 0) tempo_bpm = kDefaultTempoBpm;
  const double microseconds_per_quarter = std::round(60e6 / tempo_bpm);
  const auto tempo = static_cast<uint32_t>(
      std::clamp(microseconds_per_quarter, 1.0, static_cast<double>(kMaxTempoMicrosecondsPerQuarter)));
  std::vector<uint8_t> tempo_bytes;
  AppendBigEndian(tempo_bytes, tempo, 3);
  AppendMetaEvent(track, kMetaTempo, tempo_bytes);
  uint32_t tick = 0;
  for (const NoteMessage& message : messages) {
    AppendVariableLength(track, message.tick - tick);
    tick = message.tick;
    track.insert(track.end(), {message.status, message.note, message.velocity});
  }
  AppendMetaEvent(track, kMetaEndOfTrack, {});

  std::vector<uint8_t> header;
  AppendBigEndian(header, 0, 2);  // format 0
  AppendBigEndian(header, 1, 2);  // one track
  AppendBigEndian(header, kMidiTicksPerQuarter, 2);
  std::vector<uint8_t> file;
  AppendChunk(file, "MThd", header);
  AppendChunk(file, "MTrk", track);
  return file;
}

std::vector<uint8_t> WriteMidiMelody(const Melody& melody, double tempo_bpm, int velocity) {
  std::vector<MidiNoteEvent> events;
  double onset_beats = 0;
  for (size_t i = 0; i < melody.notes.size(); ++i) {
    const double ioi_beats = IoiAt(melody, i).Beats();
    const double held = i + 1 < melody.notes.size() ? kHeldFractionOfIoi : 1.0;
    events.push_back({melody.notes[i], onset_beats, held * ioi_beats, velocity});
    onset_beats += ioi_beats;
  }
  return WriteMidiNotes(events, tempo_bpm, melody.name);
}

}  // namespace hpiano
