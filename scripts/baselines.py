#!/usr/bin/env python3
"""Statistical baselines for next-note prediction (pitch class, rhythm class, exact key).

Pitch-class table: every model predicts every note of a test tune, the first one included,
from the notes before it. A history is START followed by the pitch classes heard so far
(pitch class = MIDI note mod 12). Each model returns a proper distribution over the 12
pitch classes (sums to 1, no zero: every model backs off to the uniform distribution).

With a timed corpus (tokens MIDI:IOI, see run_rhythm_baselines and run_key_baselines) two
more tables follow: the rhythm class (12 classes) of each IOI, predicted at its note's onset
after the note's key is heard, for every note that has a successor; and the exact key
(88 keys), for every note but a tune's first.

Scores: top-1 and top-3 accuracy on the true symbol, and bits/note = mean -log2 p(true).

Usage:
    python3 scripts/baselines.py --corpus train.txt [--holdout-every 6] [--holdout-offset 5]
    python3 scripts/baselines.py --corpus timed/train.txt [--tables pitch,rhythm,key]
    python3 scripts/baselines.py --corpus train.txt --test builtin.txt
    python3 scripts/baselines.py --corpus train.txt --curve curve.tsv --json
    python3 scripts/baselines.py --self-check

Split: tune i (0-based, file order) is held out when i % holdout_every == holdout_offset,
the others are the training tunes. With --test, all corpus tunes train and the tunes of
the --test file are evaluated. Python 3 standard library only.
"""

import argparse
import json
import math
import random
import sys
import time
from fractions import Fraction

NUM_PITCH_CLASSES = 12
START = -1  # start-of-tune symbol: only ever in a history, never predicted

# The events of a tune (see `events`): a SCORED symbol is predicted, scored, then learned;
# a LEARNED one is learned but not scored (the first key of a tune); a CONTEXT one is only
# heard, it joins the history without being predicted or learned (the pitch classes of the
# interleaved rhythm stream).
SCORED, LEARNED, CONTEXT = "scored", "learned", "context"


# ---------------------------------------------------------------------------------------
# Corpus

def read_notes(path):
    """Read `name<TAB>token token ...` lines, a token being `MIDI` or `MIDI:IOI` (IOI in
    quarter-note beats, an integer or a fraction such as 3/2; a token without IOI lasts one
    beat). Return (list of (name, [(midi, ioi as Fraction)]), whether any token had an IOI)."""
    tunes = []
    timed = False
    with open(path, encoding="utf-8") as corpus_file:
        for line_number, line in enumerate(corpus_file, 1):
            line = line.strip()
            if not line:
                continue
            name, tokens = line.split("\t")
            notes = []
            for token in tokens.split():
                midi, _, ioi = token.partition(":")
                try:
                    notes.append((int(midi), Fraction(ioi) if ioi else Fraction(1)))
                except (ValueError, ZeroDivisionError):
                    sys.exit("%s:%d: bad token %r" % (path, line_number, token))
                timed = timed or bool(ioi)
            tunes.append((name, notes))
    return tunes, timed


def read_tunes(path):
    """Read a corpus; return a list of (name, [pitch classes]) (pitch class = MIDI mod 12)."""
    return pitch_class_tunes(read_notes(path)[0])


def pitch_class_tunes(note_tunes):
    return [(name, [midi % NUM_PITCH_CLASSES for midi, _ in notes]) for name, notes in note_tunes]


def events(tune):
    """(symbol, role) for each event of a tune: (name, symbols) scores every symbol;
    (name, symbols, roles) gives each symbol's role (SCORED, LEARNED or CONTEXT)."""
    return zip(tune[1], tune[2]) if len(tune) > 2 else ((symbol, SCORED) for symbol in tune[1])


def split_tunes(tunes, holdout_every, holdout_offset):
    """Tune i is held out (test) when i % holdout_every == holdout_offset; return (train, test)."""
    train = [tune for i, tune in enumerate(tunes) if i % holdout_every != holdout_offset]
    test = [tune for i, tune in enumerate(tunes) if i % holdout_every == holdout_offset]
    return train, test


def context(history, order):
    """The last `order` symbols of the history, as a tuple (order 0: the empty context)."""
    return tuple(history[len(history) - order:]) if order else ()


def entropy_bits(probs):
    """H(p) = -sum_i p_i log2 p_i."""
    return -sum(p * math.log2(p) for p in probs if p > 0)


# ---------------------------------------------------------------------------------------
# Count models: what is predicted from counts of "symbol after context"

class ContextCounts:
    """Counts c(ctx, w) of symbol w (0..size-1) after each context ctx of orders 0..max_order.

    `observe(history, w)` records w after the last k symbols of the history for every
    k = 0..max_order that the history is long enough for (a context may include START).
    A history may hold symbols that are never predicted (START, or the pitch classes of an
    interleaved stream); only w is limited to the alphabet 0..size-1 (12 pitch classes
    unless said otherwise).
    """

    def __init__(self, max_order, size=NUM_PITCH_CLASSES):
        self.max_order = max_order
        self.size = size
        self.clear()

    def clear(self):
        self.counts = {}  # context tuple -> list of `size` counts

    def contexts(self, history):
        """The contexts of orders 0..max_order available in this history, shortest first."""
        return [context(history, order) for order in range(min(self.max_order, len(history)) + 1)]

    def observe(self, history, pc):
        for ctx in self.contexts(history):
            row = self.counts.get(ctx)
            if row is None:
                row = self.counts[ctx] = [0] * self.size
            row[pc] += 1

    def train(self, tunes):
        for tune in tunes:
            history = [START]
            for symbol, role in events(tune):
                if role != CONTEXT:
                    self.observe(history, symbol)
                history.append(symbol)


class WittenBell(ContextCounts):
    """Interpolated Witten-Bell over orders 0..max_order, backing off to uniform.

    With N(c) = sum_w c(ctx, w) and T(c) = number of distinct w seen after ctx:
        p_k(w | ctx) = (c(ctx, w) + T(ctx) p_{k-1}(w | shorter ctx)) / (N(ctx) + T(ctx)),
        p_{-1}(w) = 1/size; an unseen context gives p_k = p_{k-1}.
    Each longer context refines the shorter ones in proportion to how often it was seen
    (the same rule as the drive of MODEL.md step 1). No parameter to tune. This is PPM's
    method-C estimate blended over all orders instead of escaping with exclusion.
    """

    def predict(self, history):
        probs = [1.0 / self.size] * self.size
        for ctx in self.contexts(history):
            row = self.counts.get(ctx)
            if row is None:
                continue
            total = sum(row)
            types = sum(1 for count in row if count)
            probs = [(count + types * p) / (total + types) for count, p in zip(row, probs)]
        return probs


class PPM(ContextCounts):
    """PPM (prediction by partial matching) orders -1..max_order, with exclusion.

    Start at the longest context that has been seen; at order k, with the symbols already
    offered by longer contexts excluded, n = their total count and q = their number:
        method C: p(w) = c(w) / (n + q),          escape = q / (n + q)
        method D: p(w) = (c(w) - 1/2) / n,        escape = q / (2 n)
    The escape mass goes to order k-1; order -1 shares what is left uniformly among the
    symbols of the alphabet (size of them) that no context offered. With `update_exclusion`, a note only updates the
    contexts from the longest down to the first one that had already seen it.
    """

    def __init__(self, max_order, method="D", update_exclusion=True, size=NUM_PITCH_CLASSES):
        super().__init__(max_order, size)
        self.method = method
        self.update_exclusion = update_exclusion

    def predict(self, history):
        probs = [0.0] * self.size
        offered = set()
        mass = 1.0
        for ctx in reversed(self.contexts(history)):
            row = self.counts.get(ctx)
            if row is None:
                continue
            candidates = [w for w, count in enumerate(row) if count and w not in offered]
            if not candidates:
                continue
            total = sum(row[w] for w in candidates)
            types = len(candidates)
            if self.method == "C":
                for w in candidates:
                    probs[w] = mass * row[w] / (total + types)
                escape = types / (total + types)
            else:
                for w in candidates:
                    probs[w] = mass * (row[w] - 0.5) / total
                escape = types / (2.0 * total)
            offered.update(candidates)
            mass *= escape
        unseen = self.size - len(offered)
        if unseen:
            for w in range(self.size):
                if w not in offered:
                    probs[w] = mass / unseen
        else:  # every symbol offered: the last escape mass is shared out in proportion
            scale = 1.0 / (1.0 - mass)
            probs = [p * scale for p in probs]
        return probs

    def observe(self, history, pc):
        if not self.update_exclusion:
            super().observe(history, pc)
            return
        for ctx in reversed(self.contexts(history)):
            row = self.counts.get(ctx)
            if row is None:
                row = self.counts[ctx] = [0] * self.size
            row[pc] += 1
            if row[pc] > 1:  # this context had already seen pc: shorter ones are not updated
                break


class KneserNey:
    """Interpolated modified Kneser-Ney (Chen & Goodman 1998), orders 0..max_order.

    Counts: the longest n-grams (context of max_order symbols) and n-grams that start with
    START (they cannot be extended to the left) keep their raw counts; every other n-gram
    gets its continuation count N1+(. ctx w) = number of distinct symbols seen before it.
    With these counts c, per order three discounts from the counts-of-counts n1..n4:
        Y = n1 / (n1 + 2 n2), D1 = 1 - 2Y n2/n1, D2 = 2 - 3Y n3/n2, D3+ = 3 - 4Y n4/n3,
        p_k(w | ctx) = (max(c(ctx w) - D(c), 0) + gamma(ctx) p_{k-1}(w | shorter ctx)) / N(ctx),
        gamma(ctx) = D1 N1(ctx) + D2 N2(ctx) + D3+ N3+(ctx)   (N_j = number of w with c = j),
        p_{-1}(w) = 1/size; an unseen context gives p_k = p_{k-1}.
    """

    def __init__(self, max_order, size=NUM_PITCH_CLASSES):
        self.max_order = max_order
        self.size = size
        self.tables = []  # per order: context -> (discounted counts, N(ctx), gamma(ctx))

    def train(self, tunes):
        raw = ContextCounts(self.max_order, self.size)
        raw.train(tunes)
        kn_counts = {}  # (context, w) -> count used by Kneser-Ney
        for ctx, row in raw.counts.items():
            for w, count in enumerate(row):
                if count and (len(ctx) == self.max_order or (ctx and ctx[0] == START)):
                    kn_counts[ctx, w] = count
        for ctx, row in raw.counts.items():
            if ctx:  # each distinct left extension (x, rest of ctx, w) adds 1 to (rest, w)
                for w, count in enumerate(row):
                    if count:
                        kn_counts[ctx[1:], w] = kn_counts.get((ctx[1:], w), 0) + 1
        # the two loops fill disjoint keys: START only stands first in a history, so a
        # shortened context never starts with it, and it is shorter than max_order
        self.tables = [self._order_table(kn_counts, order) for order in range(self.max_order + 1)]

    @staticmethod
    def _discounts(counts):
        """(D1, D2, D3+) from the counts-of-counts, each kept in [0.1, j] so that every seen
        context gives some mass to the shorter one; 0.75 each when the data are too few."""
        n = [sum(1 for count in counts if count == j) for j in (1, 2, 3, 4)]
        if not all(n):
            return (0.75, 0.75, 0.75)
        y = n[0] / (n[0] + 2 * n[1])
        estimates = (1 - 2 * y * n[1] / n[0], 2 - 3 * y * n[2] / n[1], 3 - 4 * y * n[3] / n[2])
        return tuple(min(j, max(0.1, d)) for j, d in zip((1, 2, 3), estimates))

    def _order_table(self, kn_counts, order):
        rows = {}
        for (ctx, w), count in kn_counts.items():
            if len(ctx) == order:
                rows.setdefault(ctx, [0] * self.size)[w] = count
        discounts = self._discounts([count for row in rows.values() for count in row if count])

        def discount(count):
            return discounts[min(count, 3) - 1] if count else 0.0

        table = {}
        for ctx, row in rows.items():
            discounted = [max(count - discount(count), 0.0) for count in row]
            gamma = sum(discount(count) for count in row)
            table[ctx] = (discounted, sum(row), gamma)
        return table

    def predict(self, history):
        probs = [1.0 / self.size] * self.size
        for order in range(min(self.max_order, len(history)) + 1):
            entry = self.tables[order].get(context(history, order))
            if entry is None:
                continue
            discounted, total, gamma = entry
            probs = [(d + gamma * p) / total for d, p in zip(discounted, probs)]
        return probs


# ---------------------------------------------------------------------------------------
# How a model learns while it is evaluated

class Static:
    """Trained beforehand, frozen while it predicts."""

    def __init__(self, model, train_tunes):
        self.model = model
        model.train(train_tunes)

    def start_tune(self):
        pass

    def predict(self, history):
        return self.model.predict(history)

    def update(self, history, pc):
        pass


class WithinTune:
    """Starts empty for each tune and learns each note after predicting it."""

    def __init__(self, model):
        self.model = model

    def start_tune(self):
        self.model.clear()

    def predict(self, history):
        return self.model.predict(history)

    def update(self, history, pc):
        self.model.observe(history, pc)


class Online(WithinTune):
    """Starts empty once and keeps learning across all tunes (never cleared)."""

    def start_tune(self):
        pass


def inverse_entropy_mix(predictions, sharpness):
    """sum_i w_i p_i / sum_i w_i with w_i = H(p_i)^-sharpness (H in bits, at least 0.001)."""
    weights = [max(entropy_bits(probs), 1e-3) ** -sharpness for probs in predictions]
    total = sum(weights)
    return [sum(weight * probs[w] for weight, probs in zip(weights, predictions)) / total
            for w in range(len(predictions[0]))]


class InverseEntropyMix:
    """Mixture p = sum_i w_i p_i / sum_i w_i with w_i = H(p_i)^-sharpness (H in bits).

    The more certain component counts more (MODEL.md step 1 mixes slow and fast this way).
    """

    def __init__(self, components, sharpness):
        self.components = components
        self.sharpness = sharpness

    def start_tune(self):
        for component in self.components:
            component.start_tune()

    def component_predictions(self, history):
        return [component.predict(history) for component in self.components]

    def predict(self, history):
        return inverse_entropy_mix(self.component_predictions(history), self.sharpness)

    def update(self, history, pc):
        for component in self.components:
            component.update(history, pc)


# ---------------------------------------------------------------------------------------
# Evaluation

class Score:
    """Running top-1 / top-3 / bits; `hits` keeps the top-1 outcome of every note."""

    def __init__(self):
        self.hits = []
        self.top3 = 0
        self.bits = 0.0

    def add(self, probs, pc):
        ranked = sorted(range(len(probs)), key=lambda w: -probs[w])  # ties: lower symbol first
        self.hits.append(ranked[0] == pc)
        self.top3 += pc in ranked[:3]
        self.bits -= math.log2(probs[pc])

    def summary(self):
        notes = len(self.hits)
        return {"top1": sum(self.hits) / notes, "top3": self.top3 / notes,
                "bits": self.bits / notes, "notes": notes}


def evaluate(model, tunes):
    """Predict every scored symbol of every tune from the history before it, then let the
    model learn it (and every LEARNED one); return the Score."""
    score = Score()
    for tune in tunes:
        model.start_tune()
        history = [START]
        for symbol, role in events(tune):
            if role == SCORED:
                score.add(model.predict(history), symbol)
            if role != CONTEXT:
                model.update(history, symbol)
            history.append(symbol)
    return score


def learning_curve(hits, window=2000, every=1000):
    """(notes heard, top-1 over the last `window` notes) every `every` notes, full windows only."""
    return [(heard, sum(hits[heard - window:heard]) / window)
            for heard in range(window, len(hits) + 1, every)]


# ---------------------------------------------------------------------------------------
# The baselines

KN_ORDER = 3
PPM_ORDER = 5
MIX_WITHIN_ORDER = 8
SHARPNESS_CANDIDATES = (0, 1, 2, 3, 4, 5, 6)


def mix_model(train_tunes, sharpness, static_order=KN_ORDER, within_order=MIX_WITHIN_ORDER,
              size=NUM_PITCH_CLASSES):
    """Model 5: order-3 Kneser-Ney trained on train_tunes, mixed by inverse entropy with an
    order-8 model learned within the tune. The within-tune part blends its orders
    (Witten-Bell) rather than escaping with exclusion: PPM-D-8 with exclusion in its place
    mixes much worse (about 70% / 1.6 bits on the default split), because exclusion throws
    away the agreement of the shorter contexts that makes a once-heard phrase confident.
    The rhythm and key tables use the same mix with other orders and alphabets."""
    return InverseEntropyMix([Static(KneserNey(static_order, size), train_tunes),
                              WithinTune(WittenBell(within_order, size))], sharpness)


def tune_sharpness(train_tunes, make_mix=mix_model):
    """Pick the mixing sharpness with the fewest bits on a validation fold of the training
    tunes (every 6th of them; the static part trained on the other 5/6). The test set is not
    used. make_mix(fit_tunes, sharpness) builds the mix; its components predict the fold once
    and every candidate sharpness mixes those predictions (the same sums as predicting)."""
    fit, validation = split_tunes(train_tunes, 6, 5)
    mix = make_mix(fit, 0)
    recorded = []

    class Recorder:
        start_tune = mix.start_tune
        update = mix.update

        @staticmethod
        def predict(history):
            recorded.append(mix.component_predictions(history))
            return recorded[-1][0]

    evaluate(Recorder, validation)
    truths = [symbol for tune in validation for symbol, role in events(tune) if role == SCORED]
    bits = {}
    for sharpness in SHARPNESS_CANDIDATES:
        score = Score()
        for predictions, truth in zip(recorded, truths):
            score.add(inverse_entropy_mix(predictions, sharpness), truth)
        bits[sharpness] = score.summary()["bits"]
    return min(bits, key=bits.get), bits


def run_baselines(train_tunes, test_tunes, all_tunes):
    """Evaluate the six baselines; return (rows, online learning curve, mix tuning)."""
    sharpness, validation_bits = tune_sharpness(train_tunes)
    mix_tuning = {"sharpness": sharpness, "validation_bits": validation_bits}
    models = [
        ("bigram (static)", Static(WittenBell(1), train_tunes),
         "interpolated Witten-Bell, orders 0-1"),
        ("order-3 Kneser-Ney (static)", Static(KneserNey(KN_ORDER), train_tunes),
         "interpolated modified KN, orders 0-3"),
        ("bigram within the tune", WithinTune(WittenBell(1)),
         "interpolated Witten-Bell, orders 0-1, empty at each tune"),
        ("PPM order 5 within the tune", WithinTune(PPM(PPM_ORDER)),
         "PPM-D, exclusion and update exclusion, orders -1..5"),
        ("order-3 static + order-8 within tune", mix_model(train_tunes, sharpness),
         "KN-3 static + Witten-Bell orders 0-8 within the tune, weights H^-%g" % sharpness),
    ]
    rows = []
    for name, model, notes in models:
        rows.append(dict(model=name, details=notes, **evaluate(model, test_tunes).summary()))
    online = evaluate(Online(WittenBell(1)), all_tunes)
    rows.append(dict(model="online bigram from scratch",
                     details="Witten-Bell, all %d tunes in file order, no split" % len(all_tunes),
                     **online.summary()))
    return rows, learning_curve(online.hits), mix_tuning


# ---------------------------------------------------------------------------------------
# Rhythm and exact keys (issue 10), from a timed corpus

# The twelve rhythm classes, IOIs in quarter-note beats. An IOI belongs to the class nearest
# on a log scale, argmin_k |ln IOI - ln RHYTHM_CLASSES[k]| (below 1/6: class 0, above 6: 11).
# No rational IOI is ever halfway: every boundary, the geometric mean of two neighbours
# (sqrt(1/24), sqrt(1/12), ...), is irrational.
RHYTHM_CLASSES = tuple(Fraction(ioi) for ioi in (
    "1/6", "1/4", "1/3", "1/2", "2/3", "3/4", "1", "3/2", "2", "3", "4", "6"))
NUM_RHYTHM_CLASSES = len(RHYTHM_CLASSES)
LOWEST_KEY = 21  # A0: the 88 piano keys are MIDI 21..108, symbols 0..87
NUM_KEYS = 88
RHYTHM_KN_ORDER = 3
RHYTHM_PPM_ORDER = 5
INTERLEAVED_WITHIN_ORDER = 16  # 16 symbols of the interleaved stream = the last 8 notes
INTERLEAVED_STATIC_ORDER = 6  # the last 3 notes
KEY_PPM_ORDER = 3


def rhythm_class(ioi):
    """The rhythm class (0..11) of an IOI in beats."""
    log_ioi = math.log(ioi)
    return min(range(NUM_RHYTHM_CLASSES),
               key=lambda k: abs(log_ioi - math.log(RHYTHM_CLASSES[k])))


def rhythm_tunes(note_tunes):
    """IOI streams: (name, [rhythm class of each note that has a successor]). The last note's
    IOI is its written length, not an interval to a next onset: it is neither scored nor
    learned (the network too learns IOI t only when note t+1 arrives)."""
    return [(name, [rhythm_class(ioi) for _, ioi in notes[:-1]]) for name, notes in note_tunes]


def interleaved_tunes(note_tunes):
    """The interleaved stream pc_0, r_0, pc_1, r_1, ..., pc_{n-1} (pc = pitch class, r = rhythm
    class of the note's IOI): r_t is predicted at note t's onset, after pc_t has been heard and
    before pc_{t+1}. A pitch class is context only, symbol NUM_RHYTHM_CLASSES + pc (12..23);
    the models predict r over the 12 rhythm classes only (orders count symbols, not notes)."""
    tunes = []
    for name, notes in note_tunes:
        symbols, roles = [], []
        for index, (midi, ioi) in enumerate(notes):
            symbols.append(NUM_RHYTHM_CLASSES + midi % NUM_PITCH_CLASSES)
            roles.append(CONTEXT)
            if index + 1 < len(notes):
                symbols.append(rhythm_class(ioi))
                roles.append(SCORED)
        tunes.append((name, symbols, roles))
    return tunes


def key_tunes(note_tunes):
    """Key streams: (name, [MIDI - 21 of each note], roles): the first key of a tune is
    learned but not scored (nothing before it to place it), every other key is scored."""
    tunes = []
    for name, notes in note_tunes:
        keys = [midi - LOWEST_KEY for midi, _ in notes]
        if not all(0 <= key < NUM_KEYS for key in keys):
            sys.exit("%s: a key outside the piano's MIDI 21..108" % name)
        tunes.append((name, keys, [LEARNED] + [SCORED] * (len(keys) - 1)))
    return tunes


def evaluate_rows(models, test_tunes):
    """Rows of the table for (name, model, details) triples."""
    return [dict(model=name, details=details, **evaluate(model, test_tunes).summary())
            for name, model, details in models]


def run_rhythm_baselines(train_notes, test_notes):
    """The rhythm-class baselines of issue 10; return (rows, mix tuning).

    Alphabet: the 12 rhythm classes. Each model predicts r_t, the class of note t's IOI, for
    every note t that has a successor; "static" = trained on the training tunes, frozen.
    - unigram: Witten-Bell order 0 (class counts c(w): (c(w) + T/12) / (N + T)).
    - IOI Kneser-Ney order 3: the context is r_{t-3..t-1} (START before a tune's first).
    - IOI PPM-C order 5: context r_{t-5..t-1}, escape q/(n+q), exclusion when predicting,
      update exclusion when training, order -1 uniform over the classes not yet offered.
    - interleaved stream (interleaved_tunes): the context is the last k symbols of
      START, pc_0, r_0, ..., pc_{t-1}, r_{t-1}, pc_t (pc = pitch class; k = 16 symbols is
      the last 8 notes), learned within the tune only (empty at each tune's start), by
      PPM-C as above (orders -1..16) and by Witten-Bell (interpolated method-C estimate, no
      exclusion: the within-tune model of the pitch-class mix), orders 0..16.
    - the mix: Kneser-Ney order 6 over the same stream (static) + the Witten-Bell order 16
      within the tune, weights H^-s with s tuned on a validation fold (as for pitch).
    Issue 10 quotes 75.7% / 1.05 for IOI PPM-C order 5: 76.0% / 1.04 here, 75.7% / 1.04 when
    training learns the last note's written length too. It quotes 86.8% / 0.72 for "PPM-C
    order 16 within the tune" and 88.9% / 0.55 for the mix: the top-1 figures are the
    blended model's and the mix's here, the bits are not (0.82 and 0.58 here; PPM-C itself
    gets 86.2% / 1.13; the blended one with update exclusion 86.8% / 0.68)."""
    train, test = rhythm_tunes(train_notes), rhythm_tunes(test_notes)
    train_stream, test_stream = interleaved_tunes(train_notes), interleaved_tunes(test_notes)

    def make_mix(tunes, sharpness):
        return mix_model(tunes, sharpness, INTERLEAVED_STATIC_ORDER, INTERLEAVED_WITHIN_ORDER,
                         NUM_RHYTHM_CLASSES)

    sharpness, validation_bits = tune_sharpness(train_stream, make_mix)
    size = NUM_RHYTHM_CLASSES
    rows = evaluate_rows([
        ("unigram (static)", Static(WittenBell(0, size), train),
         "Witten-Bell order 0 over the 12 classes"),
        ("IOI order-3 Kneser-Ney (static)", Static(KneserNey(RHYTHM_KN_ORDER, size), train),
         "interpolated modified KN over the last 3 classes"),
        ("IOI PPM-C order 5 (static)", Static(PPM(RHYTHM_PPM_ORDER, "C", size=size), train),
         "PPM-C, exclusion and update exclusion, orders -1..5 of classes"),
    ], test)
    rows += evaluate_rows([
        ("interleaved PPM-C order 16 within the tune",
         WithinTune(PPM(INTERLEAVED_WITHIN_ORDER, "C", size=size)),
         "pc, r, pc, r, ... stream, PPM-C with exclusion and update exclusion, orders -1..16"),
        ("interleaved order 16 within the tune, blended",
         WithinTune(WittenBell(INTERLEAVED_WITHIN_ORDER, size)),
         "the same stream, Witten-Bell (method C blended over orders 0..16)"),
        ("interleaved order-6 static + order-16 within tune", make_mix(train_stream, sharpness),
         "KN-6 static + Witten-Bell orders 0-16 within the tune, weights H^-%g" % sharpness),
    ], test_stream)
    return rows, {"sharpness": sharpness, "validation_bits": validation_bits}


def run_key_baselines(train_notes, test_notes):
    """The exact-key baselines of issue 10; return (rows, mix tuning).

    Alphabet: the 88 piano keys (MIDI 21..108). The context is the last k keys of START,
    key_0, ..., key_{t-1}; key_0 is learned, not scored.
    - PPM-C order 3 (static): escape q/(n+q), exclusion when predicting, update exclusion
      when training, order -1 uniform over the keys not yet offered.
    - Kneser-Ney order 3 (static), Witten-Bell orders 0..8 within the tune, and their mix
      with weights H^-s (s tuned on a validation fold): the pitch-class models over keys.
    Issue 10 quotes 36.6% / 2.79 for PPM-C order 3 and 74.3% / 1.21 for the mix; here
    36.4% / 2.76 and 74.3% / 1.24 (Kneser-Ney order 3 gets 36.6% / 2.82)."""
    train, test = key_tunes(train_notes), key_tunes(test_notes)

    def make_mix(tunes, sharpness):
        return mix_model(tunes, sharpness, KN_ORDER, MIX_WITHIN_ORDER, NUM_KEYS)

    sharpness, validation_bits = tune_sharpness(train, make_mix)
    rows = evaluate_rows([
        ("key PPM-C order 3 (static)", Static(PPM(KEY_PPM_ORDER, "C", size=NUM_KEYS), train),
         "PPM-C, exclusion and update exclusion, orders -1..3 of keys"),
        ("key order-3 Kneser-Ney (static)", Static(KneserNey(KN_ORDER, NUM_KEYS), train),
         "interpolated modified KN over the last 3 keys"),
        ("key order 8 within the tune", WithinTune(WittenBell(MIX_WITHIN_ORDER, NUM_KEYS)),
         "Witten-Bell orders 0-8 over keys, empty at each tune"),
        ("key order-3 static + order-8 within tune", make_mix(train, sharpness),
         "KN-3 static + Witten-Bell orders 0-8 within the tune, weights H^-%g" % sharpness),
    ], test)
    return rows, {"sharpness": sharpness, "validation_bits": validation_bits}


def markdown_table(rows):
    lines = ["| model | top-1 | top-3 | bits/note | notes |", "|---|---|---|---|---|"]
    for row in rows:
        lines.append("| %s | %.1f%% | %.1f%% | %.2f | %s; %d notes |" % (
            row["model"], 100 * row["top1"], 100 * row["top3"], row["bits"],
            row["details"], row["notes"]))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# Self-check

class DistributionCheck:
    """Passes a model through, noting every prediction that is not a proper distribution."""

    def __init__(self, name, model, size=NUM_PITCH_CLASSES):
        self.name = name
        self.model = model
        self.size = size
        self.failures = []
        self.start_tune = model.start_tune
        self.update = model.update

    def predict(self, history):
        probs = self.model.predict(history)
        if len(probs) != self.size or abs(sum(probs) - 1) > 1e-9 or min(probs) <= 0:
            self.failures.append("%s: improper distribution %r" % (self.name, probs))
        return probs


def self_check():
    """Quick sanity assertions; return the list of failures (empty when all pass)."""
    failures = []
    rng = random.Random(1)
    twinkle = [p % 12 for p in (60, 60, 67, 67, 69, 69, 67, 65, 65, 64, 64, 62, 62, 60, 67, 67,
                                65, 65, 64, 64, 62, 67, 67, 65, 65, 64, 64, 62, 60, 60, 67, 67,
                                69, 69, 67, 65, 65, 64, 64, 62, 62, 60)]
    random_tunes = [("random%d" % i, [rng.randrange(12) for _ in range(60)]) for i in range(30)]
    train_tunes = random_tunes + [("twinkle", twinkle)]
    scale = [0, 2, 4, 5, 7, 9, 11]  # each pitch class has one successor
    melody = [rng.randrange(12) for _ in range(40)]  # order-5 contexts almost surely unique

    models = {
        "bigram (static)": Static(WittenBell(1), train_tunes),
        "KN-3 (static)": Static(KneserNey(3), train_tunes),
        "bigram within tune": WithinTune(WittenBell(1)),
        "PPM-C 5 within tune": WithinTune(PPM(5, method="C")),
        "PPM-D 5 within tune": WithinTune(PPM(5, update_exclusion=True)),
        "mix": mix_model(train_tunes, 3),
        "online bigram": Online(WittenBell(1)),
    }
    for name, model in models.items():
        checked = DistributionCheck(name, model)
        evaluate(checked, [("twinkle", twinkle)] + random_tunes[:3])
        failures.extend(checked.failures[:1])

    def second_copy_top1(model, pcs):
        score = evaluate(model, [("twice", pcs + pcs)])
        return sum(score.hits[len(pcs):]) / len(pcs)

    checks = [("bigram within tune", WithinTune(WittenBell(1)), scale * 3, 1.0),
              ("PPM-D 5 within tune", WithinTune(PPM(5)), melody, 0.95),
              ("PPM-C 5 within tune", WithinTune(PPM(5, method="C")), melody, 0.95),
              ("mix", mix_model(train_tunes, 3), melody, 0.95)]
    for name, model, pcs, minimum in checks:
        top1 = second_copy_top1(model, pcs)
        if top1 < minimum:
            failures.append("%s: top-1 %.2f on the second copy of a tune (want >= %.2f)"
                            % (name, top1, minimum))
    return failures + self_check_timed(rng)


def self_check_timed(rng):
    """Checks of the rhythm classes, the interleaved stream and the key tunes."""
    failures = []
    nearest = {"1/48": "1/6", "3/8": "1/3", "5/2": "3", "7/2": "4", "5": "6", "12": "6"}
    nearest.update((str(ioi), str(ioi)) for ioi in RHYTHM_CLASSES)
    for ioi, expected in nearest.items():
        got = RHYTHM_CLASSES[rhythm_class(Fraction(ioi))]
        if got != Fraction(expected):
            failures.append("rhythm class of %s beats: %s, want %s" % (ioi, got, expected))

    def random_timed_tune(name, length):
        """Random keys; the rhythm follows the pitch class (C, E, G one beat, others 1/2)."""
        keys = [rng.randrange(60, 72) for _ in range(length)]
        return (name, [(key, Fraction(1) if key % 12 in (0, 4, 7) else Fraction(1, 2))
                       for key in keys])

    train_notes = [random_timed_tune("train%d" % i, 80) for i in range(20)]
    test_notes = [random_timed_tune("test%d" % i, 80) for i in range(3)]
    stream, test_stream = interleaved_tunes(train_notes), interleaved_tunes(test_notes)
    rhythm_mix = mix_model(stream, 1, INTERLEAVED_STATIC_ORDER, INTERLEAVED_WITHIN_ORDER,
                           NUM_RHYTHM_CLASSES)
    key_mix = mix_model(key_tunes(train_notes), 1, KN_ORDER, MIX_WITHIN_ORDER, NUM_KEYS)
    for name, model, tunes, size in [
            ("rhythm mix", rhythm_mix, test_stream, NUM_RHYTHM_CLASSES),
            ("rhythm PPM-C 16 within tune", WithinTune(PPM(16, "C", size=NUM_RHYTHM_CLASSES)),
             test_stream, NUM_RHYTHM_CLASSES),
            ("key mix", key_mix, key_tunes(test_notes), NUM_KEYS),
            ("key PPM-C 3 (static)", Static(PPM(3, "C", size=NUM_KEYS), key_tunes(train_notes)),
             key_tunes(test_notes), NUM_KEYS)]:
        checked = DistributionCheck(name, model, size)
        score = evaluate(checked, tunes).summary()
        failures.extend(checked.failures[:1])
        if score["notes"] != sum(len(notes) - 1 for _, notes in test_notes):
            failures.append("%s: %d notes scored, want each tune's notes but one" % (
                name, score["notes"]))
    # The rhythm is a function of the current pitch class: a static model of the
    # interleaved stream must find it (r_t is predicted after pc_t), one of IOIs alone not.
    interleaved = evaluate(Static(KneserNey(2, NUM_RHYTHM_CLASSES), stream), test_stream)
    ioi_only = evaluate(Static(KneserNey(2, NUM_RHYTHM_CLASSES), rhythm_tunes(train_notes)),
                        rhythm_tunes(test_notes))
    if interleaved.summary()["top1"] < 0.99 or ioi_only.summary()["top1"] > 0.8:
        failures.append("rhythm after its pitch class: top-1 %.2f interleaved, %.2f IOIs alone"
                        % (interleaved.summary()["top1"], ioi_only.summary()["top1"]))
    return failures


# ---------------------------------------------------------------------------------------

def exact_class_fraction(note_tunes):
    """(IOIs that are exactly one of the 12 classes, all IOIs): every note, the last included."""
    iois = [ioi for _, notes in note_tunes for _, ioi in notes]
    return sum(ioi in RHYTHM_CLASSES for ioi in iois), len(iois)


def mix_line(mix_tuning):
    return ("Mix weights H^-s: s = %g, the fewest bits on a validation fold of the training"
            " tunes (s: bits %s)." % (mix_tuning["sharpness"], ", ".join(
                "%g: %.3f" % item for item in mix_tuning["validation_bits"].items())))


TABLES = ("pitch", "rhythm", "key")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", help="training corpus (name<TAB>midi midi ... or MIDI:IOI)")
    parser.add_argument("--holdout-every", type=int, default=6)
    parser.add_argument("--holdout-offset", type=int, default=5,
                        help="tune i is held out when i %% every == offset [5]")
    parser.add_argument("--test", help="train on all of --corpus, evaluate on this file")
    parser.add_argument("--tables", help="comma-separated tables among pitch,rhythm,key "
                        "[pitch; all three when the corpus has timing]")
    parser.add_argument("--curve", help="write the online bigram's learning curve here")
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    parser.add_argument("--self-check", action="store_true", help="run sanity checks and exit")
    args = parser.parse_args()

    if args.self_check:
        failures = self_check()
        for failure in failures:
            print("FAIL", failure)
        print("self-check: %s" % ("FAILED" if failures else "ok"))
        return 1 if failures else 0
    if not args.corpus:
        parser.error("--corpus is required")

    started = time.time()
    all_notes, timed = read_notes(args.corpus)
    if args.test:
        test_notes, test_timed = read_notes(args.test)
        train_notes, timed = all_notes, timed and test_timed
        split = "trained on all %d tunes of %s, tested on %s" % (
            len(all_notes), args.corpus, args.test)
    else:
        train_notes, test_notes = split_tunes(all_notes, args.holdout_every, args.holdout_offset)
        split = "tune i held out when i %% %d == %d" % (args.holdout_every, args.holdout_offset)
    tables = args.tables.split(",") if args.tables else TABLES if timed else TABLES[:1]
    if not tables or any(table not in TABLES for table in tables):
        parser.error("--tables takes some of %s" % ",".join(TABLES))
    if args.curve and "pitch" not in tables:
        parser.error("--curve needs the pitch table")

    results = {"split": split, "train_tunes": len(train_notes), "test_tunes": len(test_notes)}
    if "pitch" in tables:
        train_tunes, test_tunes = pitch_class_tunes(train_notes), pitch_class_tunes(test_notes)
        rows, curve, mix_tuning = run_baselines(train_tunes, test_tunes,
                                                pitch_class_tunes(all_notes))
        results.update(mix_tuning=mix_tuning, results=rows)
        if not args.json:
            print("%s: %d training tunes, %d test tunes (%.1f s)\n" % (
                split, len(train_tunes), len(test_tunes), time.time() - started))
            print(markdown_table(rows))
            print("\n" + mix_line(mix_tuning))
        if args.curve:
            with open(args.curve, "w", encoding="utf-8") as curve_file:
                curve_file.write("notes_heard top1_in_window\n")
                for heard, top1 in curve:
                    curve_file.write("%d %.4f\n" % (heard, top1))
    headings = {
        "rhythm": "Rhythm class of the IOI (12 classes), predicted at each note that has a"
                  " successor, after hearing its key",
        "key": "Exact key (88 keys, MIDI 21..108), every note but a tune's first"}
    runs = {"rhythm": run_rhythm_baselines, "key": run_key_baselines}
    for table in [table for table in TABLES[1:] if table in tables]:
        table_started = time.time()
        rows, mix_tuning = runs[table](train_notes, test_notes)
        results[table] = {"mix_tuning": mix_tuning, "results": rows}
        if table == "rhythm":
            exact, iois = exact_class_fraction(all_notes)
            results[table]["exact_class_iois"] = [exact, iois]
        if args.json:
            continue
        if "pitch" in tables or table == "key" and "rhythm" in tables:
            print()
        print("%s; %s (%.1f s)\n" % (headings[table], split, time.time() - table_started))
        print(markdown_table(rows))
        print("\n" + mix_line(mix_tuning))
        if table == "rhythm":
            print("IOIs of the corpus exactly one of the 12 classes: %d of %d (%.2f%%)." % (
                exact, iois, 100.0 * exact / iois))
    if args.json:
        print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
