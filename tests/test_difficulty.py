"The sample stays as hard as the competition: WildFusion on the tiny sample drawn with the competition's hardships scores below a bound that the easy tiny sample clears."
import json
from dataclasses import replace
from animalclef.sample import COMPETITION, SAMPLE_PRESETS, make_sample
from conftest import TINY_RUN, animalclef_here

BOUND = .75  # WildFusion's query score (TINY_RUN) on tiny samples of seeds 0, 1, 2: easy 0.799, 0.775, 0.789; with COMPETITION 0.720, 0.723, 0.590

def hard_tiny(difficulty=None) -> dict:
    "The tiny preset's counts with each dataset's `COMPETITION` hardships (or the given `Difficulty` for all)"
    return {d: replace(p, difficulty=difficulty or COMPETITION[d]) for d, p in SAMPLE_PRESETS['tiny'].items()}

def wildfusion_query_score(data, out) -> float:
    r = animalclef_here('run', data, '--out', out, *TINY_RUN)
    assert r.returncode == 0, r.stderr
    return json.loads((out / 'report.json').read_text())['stages']['wildfusion']['query']['score']

def test_the_hardships_hold(tiny_run, tmp_path, difficulty=None):
    "On seed 0; with `difficulty=Difficulty()` (the hardships collapsed) it fails, as it should"
    easy = tiny_run[1]['stages']['wildfusion']['query']['score']
    hard = wildfusion_query_score(make_sample(tmp_path / 'data', hard_tiny(difficulty)), tmp_path / 'run')
    assert easy > BOUND > hard, f"WildFusion on the tiny sample: {easy:.3f} easy, {hard:.3f} with the competition's hardships; the bound is {BOUND}"
