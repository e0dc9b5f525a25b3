// The page's press path as it was before the core built the frame in one
// call: one call into wasm a field (kept to measure it beside the new path in
// frame.bench.mjs, and to check in frame.test.mjs that the frame says the same).
//
// web/network.js's NetworkModel.step and frame() as they were (labels as MIDI
// numbers): steps `n`, a core Network, and returns the frame.
export function legacyPress(n, midi) {
  const readDrive = () => ({
    activations: Array.from(n.activation()),
    mean: n.meanActivation(),
    centred: Array.from(n.centred()),
    thresholds: Array.from(n.thresholds()),
    fired: new Array(n.noteCount()).fill(0),
    inhibited: new Array(n.noteCount()).fill(0),
    chosen: -1,
  });
  n.pitchClassPrediction();
  const before = readDrive();
  n.step(midi, true);
  const firedMidi = n.firedMidi();
  const decision = {
    ...before,
    fired: Array.from(n.fired()),
    inhibited: Array.from(n.inhibited()),
    chosen: n.neuronForMidi(firedMidi[0]),
  };
  const config = n.config();
  const count = n.noteCount();
  const reading = (set, pool) => {
    const r = n.poolReading(set, pool);
    return { confidence: r.confidence, vote: r.vote, voteShare: r.voteShare };
  };
  const decidingSet = n.mixWeight(2) >= Math.max(n.mixWeight(0), n.mixWeight(1)) ? 'fast' : 'slow';
  const pools = [];
  for (let pool = 0; pool < n.poolCount(); pool++) {
    const slow = reading(0, pool);
    const fast = reading(1, pool);
    pools.push({ cells: Array.from(n.code(pool)), ...(decidingSet === 'fast' ? fast : slow), slow, fast });
  }
  const flat = n.firstOrderWeights();
  const weights = [];
  for (let row = 0; row < count; row++) weights.push(Array.from(flat.subarray(row * count, (row + 1) * count)));
  const labels = [];
  for (let i = 0; i < count; i++) labels.push(n.midiForNeuron(i));
  const prediction = Array.from(n.prediction());
  const likeliest = prediction.indexOf(Math.max(...prediction));
  return {
    config, ...decision, labels, prediction, expectedMidi: n.midiForNeuron(likeliest), pitchClasses: n.pitchClassPrediction(),
    pools, decidingPool: n.decidingPool(), decidingSet, weights,
  };
}

