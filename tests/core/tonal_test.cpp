// The tonal context (tonal.h): the tune's reference pitch class, degree pools
// that read the last notes relative to it, and their readout of the note neurons.
#include "tonal.h"

#include <gtest/gtest.h>

#include <cmath>

#include "evaluation.h"
#include "network.h"
#include "network_file.h"
#include "share_link.h"
#include "test_support.h"

namespace hpiano {
namespace {

Config TonalConfig() {
  Config config = testing::SmallConfig();
  config.tonal_orders = 3;
  config.tonal_pool_size = 256;
  return config;
}

Melody Transposed(const Melody& tune, int semitones) {
  Melody moved = tune;
  for (int& key : moved.notes) key += semitones;
  return moved;
}

// Two phrases of a tune in G major (F sharp, no F): its key signature's tonic is G.
Melody TuneInG() {
  return {"in G", {67, 71, 74, 71, 72, 69, 66, 62, 67, 69, 71, 72, 74, 76, 78, 79, 74, 71, 67, 62, 64, 66, 67}, {}};
}

TEST(Tonal, TheReferenceIsTheTonicOfTheKeySignature) {
  Network network = testing::MakeNetwork(TonalConfig());
  EXPECT_EQ(network.tonal().reference(), -1);  // nothing heard yet
  testing::Hear(network, {67});
  EXPECT_EQ(network.tonal().reference(), 7);  // a tune's first note is its own reference
  testing::Hear(network, TuneInG().notes);
  EXPECT_EQ(network.tonal().reference(), 7);
  // D dorian (D E F G A B C) has C major's signature.
  network.NewTune();
  testing::Hear(network, {62, 64, 65, 67, 69, 71, 72, 74, 72, 69, 65, 62});
  EXPECT_EQ(network.tonal().reference(), 0);
  // The first note (tonal_reference 1) and the most active pitch class (0).
  for (int reference : {0, 1}) {
    Config config = TonalConfig();
    config.tonal_reference = reference;
    Network other = testing::MakeNetwork(config);
    testing::Hear(other, {64, 62, 62, 62, 60});
    EXPECT_EQ(other.tonal().reference(), reference == 1 ? 4 : 2);
  }
}

// A tune taught in G is recognised in A: after the same notes transposed, the
// degree neurons predict the same degrees, so the tonal readout is the G
// prediction moved up two semitones, and the transposed tune is predicted
// better (frozen) than by a network without degree pools.
TEST(Tonal, ATuneTaughtInOneKeyIsRecognisedInAnother) {
  const Melody tune = TuneInG(), in_a = Transposed(tune, 2);
  Network network = testing::MakeNetwork(TonalConfig());
  Teach(network, {tune}, 3);
  const auto tonal_after = [&network](const Melody& melody, size_t notes) {
    network.NewTune();
    for (size_t i = 0; i < notes; ++i) network.Step(melody.notes[i], false);
    return network.tonal().prediction();
  };
  const std::array<double, 12> in_g = tonal_after(tune, 10), moved = tonal_after(in_a, 10);
  for (int pc = 0; pc < 12; ++pc) EXPECT_DOUBLE_EQ(moved[(pc + 2) % 12], in_g[pc]) << pc;
  EXPECT_GT(network.tonal_mix_weight(), 0);

  Config plain_config = TonalConfig();
  plain_config.tonal_orders = 0;
  Network plain = testing::MakeNetwork(plain_config);
  Teach(plain, {tune}, 3);
  EXPECT_EQ(plain.tonal_mix_weight(), 0);
  const double bits = Evaluate(network, {in_a}, false).BitsPerNote();
  const double plain_bits = Evaluate(plain, {in_a}, false).BitsPerNote();
  EXPECT_LT(bits, plain_bits - 0.5) << bits << " vs " << plain_bits;
}

// The .hpn file keeps the tonal state (activity, reference, the notes the degree
// pools remember, the degree neurons), and a link replays to the same network.
TEST(Tonal, TheFileAndTheLinkKeepTheTonalContext) {
  Network original = testing::MakeNetwork(TonalConfig());
  Teach(original, {TuneInG()}, 2);
  original.NewTune();
  testing::Hear(original, {69, 73, 76}, true);
  testing::Hear(original, {73, 71}, false);
  const std::vector<uint8_t> bytes = NetworkFile::Save(original);
  Network loaded;
  ASSERT_EQ(NetworkFile::Load(bytes, loaded), "");
  EXPECT_EQ(NetworkFile::Save(loaded), bytes);
  EXPECT_EQ(loaded.tonal().prediction(), original.tonal().prediction());
  EXPECT_EQ(loaded.prediction(), original.prediction());
  Network opened;
  NetworkNotes notes;
  ASSERT_EQ(DecodeSharePayload(EncodeSharePayload(original, {}), opened, notes), "");
  EXPECT_EQ(NetworkFile::Save(opened), bytes);
  // A truncated tonal state is refused, not read past.
  Network scratch;
  EXPECT_NE(NetworkFile::Load(std::vector<uint8_t>(bytes.begin(), bytes.end() - 40), scratch), "");
}

}  // namespace
}  // namespace hpiano
