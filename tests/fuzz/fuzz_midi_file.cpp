// libFuzzer target for the MIDI file reader: untrusted bytes in, no crash, no
// undefined behaviour, no large allocation, a summary that agrees with the
// melodies, and IOIs that a corpus line can hold. Build and run with
// scripts/fuzz (seeded with tests/data/midi).
#include <cstdlib>

#include "midi_file.h"

namespace {

void CheckMelody(const hpiano::Melody& melody) {
  if (melody.iois.size() != melody.notes.size()) abort();
  for (int note : melody.notes)
    if (note < 0 || note > 127) abort();
  for (const hpiano::Ioi& ioi : melody.iois)
    if (ioi.numerator < 1 || ioi.denominator < 1 || ioi.numerator > hpiano::kMaxIoiPart ||
        ioi.denominator > hpiano::kMaxIoiPart)
      abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> bytes(data, data + size);
  hpiano::MidiFileInfo info;
  const std::string problem = hpiano::ReadMidiInfo(bytes, info);
  hpiano::Melody melody;
  const std::string first_melody_problem = hpiano::ReadMidiMelody(bytes, -1, melody);
  if (!problem.empty() && (first_melody_problem != problem || !melody.notes.empty() || !melody.name.empty())) abort();
  CheckMelody(melody);
  for (const hpiano::MidiTrackSummary& track : info.tracks) {
    const std::string track_problem = hpiano::ReadMidiMelody(bytes, track.index, melody);
    if (static_cast<int>(melody.notes.size()) != track.note_count &&
        track_problem.find("too long") == std::string::npos)
      abort();
    if (track_problem.empty() && melody.name != track.name) abort();
    CheckMelody(melody);
  }
  return 0;
}
