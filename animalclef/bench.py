from __future__ import annotations
# %% auto #0
__all__ = ['FULL_PASS', 'reference_scores', 'bench_pairs', 'bench_matching', 'project_full_pass']

# %% ../nbs/04_matching.ipynb #7f3e56d6
import time
from pathlib import Path
import numpy as np, pandas as pd, torch

# %% ../nbs/04_matching.ipynb #8d0a6b43
from .paper import PAPER
from .matching import (CONFIDENCE, OFFLINE_MATCHERS, LoftrExtractor, Matcher, extract, features, glue_batch, score)

# %% ../nbs/04_matching.ipynb #33b3b7df
def reference_scores(m: Matcher, a: pd.DataFrame, b: pd.DataFrame, root: str|Path,
                     seconds: dict|None=None, # if given, gets the seconds spent on 'photos' (loading and extraction)
                    ) -> np.ndarray:
    "Match counts of pairs (a[i], b[i]) computed the reference's way: nothing reused, full depth, one pair at a time"
    out, t_photos, ex = [], 0., m.extractor
    with torch.inference_mode():
        for pa, pb in zip(a['path'], b['path']):
            t0 = time.perf_counter()
            xa, xb = (ex.load_photo(p, root).to(m.device) for p in (pa, pb))
            if isinstance(ex, LoftrExtractor):  # the backbone runs inside the pair call
                conf = m.net({'image0': xa[None], 'image1': xb[None]})['confidence']
            else:
                fa, fb = extract(m, xa), extract(m, xb)
                t_photos += time.perf_counter() - t0
                conf = (ex.matches(m, [fa], [fb])[0][2] if m.pair_rule == 'mnn'
                        else glue_batch(m.glue, [fa], [fb], pad_to=ex.conf.keypoints)[0][1])
            out.append(sum(1 for c in conf.tolist() if c > CONFIDENCE))
    if seconds is not None: seconds['photos'] = t_photos
    return np.array(out, np.float32)

# %% ../nbs/04_matching.ipynb #235170e8
def bench_pairs(meta: pd.DataFrame, n: int=64, per_query: int=8, seed: int=0) -> tuple[pd.DataFrame, pd.DataFrame]:
    "`n` (query, candidate) pairs of database photos: each query against `per_query` photos of its dataset"
    rng = np.random.default_rng(seed)
    db = meta[meta['split'] == 'database'].reset_index(drop=True)
    a, b = [], []
    while len(a) < n:
        q = int(rng.integers(len(db)))
        mates = db.index[(db['identity'] == db.at[q, 'identity']) & (db.index != q)]
        others = db.index[(db['dataset'] == db.at[q, 'dataset']) & (db['identity'] != db.at[q, 'identity'])]
        cands = list(rng.choice(mates, min(1, len(mates)), replace=False)) + list(rng.choice(others, min(per_query, len(others)), replace=False))
        for c in cands[:min(per_query, n - len(a))]: a.append(q); b.append(c)
    return db.loc[a].reset_index(drop=True), db.loc[b].reset_index(drop=True)

# %% ../nbs/04_matching.ipynb #d62a3039
def _bench_one(name, a, b, photos, root, **options) -> dict:
    "Time the reference path and the cached path of one matcher on pairs (a[i], b[i])"
    ref = Matcher(name, **options, adaptive=False, batch=1, verify=False)
    ours = Matcher(name, **options, verify=False)
    for m in (ref, ours):  # load the networks and warm them up outside the clock
        _ = m.net, (m.glue if m.pair_rule == 'lightglue' else None)
        fa, fb = (extract(m, m.extractor.load_photo(p, root)) for p in (a['path'].iloc[0], b['path'].iloc[0]))
        score(m, [fa], [fb])
    sync = torch.cuda.synchronize if ours.device.type == 'cuda' else (lambda: None)
    spent = {}
    t0 = time.perf_counter(); s_ref = reference_scores(ref, a, b, root, spent); sync(); t_ref = time.perf_counter() - t0
    t0 = time.perf_counter(); feats = dict(zip(photos['image_id'], features(ours, photos, root, progress=False))); sync()
    t_feat = time.perf_counter() - t0
    s_ours = score(ours, [feats[i] for i in a['image_id']], [feats[i] for i in b['image_id']])[:, 0]; sync()
    t_ours = time.perf_counter() - t0
    return {'matcher': name, 'pairs': len(a), 'a pairs/s': len(a) / t_ref, 'b pairs/s': len(a) / t_ours, 'b/a': t_ref / t_ours,
            'a s/photo': spent['photos'] / (2 * len(a)), 'b s/photo': t_feat / len(photos),
            'a s/pair': (t_ref - spent['photos']) / len(a), 'b s/pair': (t_ours - t_feat) / len(a),
            'a photos': 2 * len(a), 'b photos': len(photos),
            'count corr': float(np.corrcoef(s_ref, s_ours)[0, 1]) if s_ref.std() and s_ours.std() else np.nan}

# %% ../nbs/04_matching.ipynb #9b1c6bb3
def bench_matching(meta: pd.DataFrame, root: str|Path,
                   names=OFFLINE_MATCHERS,     # matchers to time
                   pairs: int=32,              # pairs timed per matcher
                   device: str='auto',
                   size: int|None|str='spec',  # longest side; 'spec' keeps each matcher's setting
                   keypoints: int|None=None,   # keypoints per photo; None keeps each matcher's setting
                   per_query: int=8,           # candidates per query photo
                  ) -> pd.DataFrame:           # one row per matcher
    "Pairs per second and seconds per photo of the reference path (a) and the cached path (b), on the same pairs"
    a, b = bench_pairs(meta, pairs, per_query)
    photos = pd.concat([a, b]).drop_duplicates('image_id')
    rows = [_bench_one(n, a, b, photos, root, size=size, keypoints=keypoints, device=device, pretrained=n in OFFLINE_MATCHERS)
            for n in names]
    return pd.DataFrame(rows).set_index('matcher')

# %% ../nbs/04_matching.ipynb #692e6893
FULL_PASS = {'pairs': sum(PAPER.datasets.queries.values()) * PAPER.wildfusion.k,  # AnimalCLEF2025, every query against K candidates
             'photos': sum(PAPER.datasets.database_images.values()) + sum(PAPER.datasets.queries.values())}

# %% ../nbs/04_matching.ipynb #97e47f91
def project_full_pass(bench: pd.DataFrame, pairs: int=FULL_PASS['pairs'], photos: int=FULL_PASS['photos']) -> pd.DataFrame:
    "Hours of the full pass per matcher (and all together) by each path, from `bench_matching`'s per-photo and per-pair seconds"
    h = lambda side: (photos * bench[f'{side} s/photo'] + pairs * bench[f'{side} s/pair']) / 3600
    out = pd.DataFrame({'a hours': h('a'), 'b hours': h('b')})
    out.loc['all'] = out.sum()
    return out.assign(**{'b/a': out['a hours'] / out['b hours']})