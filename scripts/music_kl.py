#!/usr/bin/env python3
# usage: scripts/music_kl.py CORPUS PLAYED.txt...
# KL(corpus || played) of four histograms: keys, intervals (clamped +-12), rhythm classes,
# onset position within the beat (twelfths); played = the network's generate output,
# and samples of a bigram over (key, rhythm class) trained on the same corpus.
import sys, math, random, collections
from fractions import Fraction
C=[Fraction(1,6),Fraction(1,4),Fraction(1,3),Fraction(1,2),Fraction(2,3),Fraction(3,4),Fraction(1),Fraction(3,2),Fraction(2),Fraction(3),Fraction(4),Fraction(6)]
def cls(f): return min(range(12), key=lambda i: abs(math.log(f)-math.log(C[i])))
def read_corpus(path):
    tunes=[]
    for l in open(path):
        toks=l.rstrip('\n').split('\t')[1].split()
        tunes.append([(int(t.split(':')[0]), cls(Fraction(t.split(':')[1]) if ':' in t else Fraction(1))) for t in toks])
    return tunes
def hists(seqs):
    h={k:collections.Counter() for k in ('key','interval','rhythm','onset')}
    for s in seqs:
        onset=Fraction(0)
        for i,(k,r) in enumerate(s):
            h['key'][k]+=1; h['onset'][int(onset%1*12)]+=1
            if i: h['interval'][max(-12,min(12,k-s[i-1][0]))]+=1
            if i+1<len(s): h['rhythm'][r]+=1
            onset+=C[r]
    return h
def kl(p,q,bins):
    P=sum(p[b]+0.5 for b in bins); Q=sum(q[b]+0.5 for b in bins)
    return sum((p[b]+0.5)/P*math.log2(((p[b]+0.5)/P)/((q[b]+0.5)/Q)) for b in bins)
corpus=read_corpus(sys.argv[1])
ref=hists(corpus)
bins={'key':range(128),'interval':range(-12,13),'rhythm':range(12),'onset':range(12)}
def report(name, seq):
    h=hists([seq]); print(name, ' '.join('%s=%.4f'%(k,kl(ref[k],h[k],bins[k])) for k in bins))
for path in sys.argv[2:]:
    toks=open(path).read().split()
    # generate: MIDI:IOI, IOI the gap from this note to the next, as in a corpus line
    keys=[int(t.split(':')[0]) for t in toks]; gaps=[cls(Fraction(t.split(':')[1])) if ':' in t else 6 for t in toks]
    report(path.split("/")[-1], list(zip(keys, gaps)))
# bigram over (key, rhythm class), static, sampled
big=collections.defaultdict(collections.Counter)
for s in corpus:
    for a,b in zip(s,s[1:]): big[a][b]+=1
rng=random.Random(1)
for seed in (1,2,3):
    rng.seed(seed); cur=corpus[0][0]; seq=[cur]
    for i in range(9999):
        nxt=big.get(cur)
        if not nxt: cur=corpus[rng.randrange(len(corpus))][0]
        else:
            tot=sum(nxt.values()); x=rng.random()*tot
            for k,v in nxt.items():
                x-=v
                if x<0: cur=k; break
        seq.append(cur)
    report('bigram seed %d'%seed, seq)
