// Standard MIDI Files (.mid): reading the melody line of one track, and writing
// a melody as a format-0 file that a DAW opens.
//
// Reading takes untrusted bytes: every length is checked against the input, no
// allocation is sized by a number the file claims, and a broken file gives an
// error message. Formats 0, 1 and 2 are read the same way, each track on its own:
// a melody never mixes tracks, so format 2's independent patterns need nothing
// special. Unknown chunks are skipped, as the SMF specification asks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "corpus.h"

namespace hpiano {

// More melody notes than this in one file is an error rather than a large
// allocation (a Standard MIDI File can pack a note into 3 bytes).
constexpr int kMaxMidiNotes = 1000000;
// Every file WriteMidiNotes writes counts time in these.
constexpr int kMidiTicksPerQuarter = 480;

struct MidiTrackSummary {
  int index = 0;       // position among the file's MTrk chunks, from 0: what ReadMidiMelody's `track` picks
  int note_count = 0;  // length of the track's melody (see ReadMidiMelody)
  std::string name;    // bytes of the track's first track-name meta event (FF 03), empty if none
};

struct MidiFileInfo {
  int format = 0;             // 0 (one track), 1 (simultaneous tracks) or 2 (independent patterns)
  int ticks_per_quarter = 0;  // 0 when the file counts time in SMPTE frames instead
  std::vector<MidiTrackSummary> tracks;
};

// Parses the whole file. Returns "" or a message such as "not a MIDI file (no
// MThd header)" or "track 2 is truncated at byte 1234"; on error `info` is empty.
// Tracks number from 0 in messages too. Fewer or more MTrk chunks than the header
// announces are tolerated (the chunks present are the tracks); none is an error.
[[nodiscard]] std::string ReadMidiInfo(const std::vector<uint8_t>& bytes, MidiFileInfo& info);

// The melody of `track`, timed as the timed corpus is (../shared/corpus/README.md):
// - notes: its note-ons (velocity > 0) in time order, MIDI note numbers, keeping
//   only the highest of notes that start on the same tick. The General MIDI
//   percussion channel (channel 10) is not melody and is ignored.
// - iois: each note's IOI, beats from its onset to the next note's onset, an
//   exact reduced fraction of the file's ticks per quarter note (a rest adds to
//   the note before it). An IOI of more than kMaxIoiPart in its numerator (only
//   IOIs of 3 beats or more, at most 32,767 ticks a beat) is rounded to 1/48
//   beat, and past kMaxIoiPart / 48 beats to whole beats, at most kMaxIoiPart,
//   so every line parses back as a corpus line.
// - the last note's IOI is its length: from its onset to its release (or the
//   track's end if never released) rounded to 1/48 beat, which gives every
//   rhythm class and the corpus's grace notes exactly and the written length of
//   a note that real files release a tick early; one beat if that rounds to 0.
//   A release on the note's own onset tick ends the note before it (writers put
//   a repeated note's note-off and note-on on one tick in either order).
// - name: the track's name (its first FF 03 meta event), "" if none.
// Files timed in SMPTE frames are read at the file's first tempo (120 bpm if
// it has none), each time rounded to 1/kMidiTicksPerQuarter beat.
// `track` = -1 picks the first track that has notes: in a format-1 file the
// first track often holds only tempo and other meta events. The whole file must
// parse, whichever track is picked. On error `melody` is empty.
[[nodiscard]] std::string ReadMidiMelody(const std::vector<uint8_t>& bytes, int track, Melody& melody);

struct MidiNoteEvent {
  int midi = 60;            // MIDI note number 0..127
  double start_beats = 0;   // from the start of the file, quarter notes
  double length_beats = 1;  // quarter notes
  int velocity = 90;        // 1..127
};

// A format-0 file at kMidiTicksPerQuarter holding a track-name meta event, the
// tempo, the notes and end-of-track. Times round to the nearest tick. Notes
// outside 0..127 and times that are negative or not finite are left out; a note
// lasts at least one tick; velocity is clamped to 1..127; a tempo that is not a
// positive finite number becomes 120 bpm.
std::vector<uint8_t> WriteMidiNotes(const std::vector<MidiNoteEvent>& events, double tempo_bpm,
                                    const std::string& track_name);

// The melody's rhythm: each note at the sum of the IOIs before it (one beat each
// when it has none), held 0.9 of its IOI so repeated notes are heard as separate
// strikes, the last note held its whole IOI (its length, as ReadMidiMelody reads
// it back). Reading the file gives the same notes and IOIs for IOIs that are
// whole ticks (every rhythm class is).
std::vector<uint8_t> WriteMidiMelody(const Melody& melody, double tempo_bpm, int velocity = 90);

}  // namespace hpiano
