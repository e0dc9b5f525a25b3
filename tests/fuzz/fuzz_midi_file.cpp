// libFuzzer target for the MIDI file reader: untrusted bytes in, no crash, no
// undefined behaviour, no large allocation, and a summary that agrees with the
// melodies. Build and run with scripts/fuzz (seeded with tests/data/midi).
#include <cstdlib>

#include "midi_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> bytes(data, data + size);
  hpiano::MidiFileInfo info;
  const std::string problem = hpiano::ReadMidiInfo(bytes, info);
  std::vector<int> notes;
  std::string name;
  const std::string first_melody_problem = hpiano::ReadMidiMelody(bytes, -1, notes, &name);
  if (!problem.empty() && (first_melody_problem != problem || !notes.empty() || !name.empty())) abort();
  for (const hpiano::MidiTrackSummary& track : info.tracks) {
    const std::string track_problem = hpiano::ReadMidiMelody(bytes, track.index, notes, &name);
    if (static_cast<int>(notes.size()) != track.note_count) abort();
    if (track_problem.empty() && name != track.name) abort();
    for (int note : notes)
      if (note < 0 || note > 127) abort();
  }
  return 0;
}
