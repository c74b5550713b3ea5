"`animalclef run --stages baseline,wildfusion` and `animalclef bench matching` on the tiny sample: outputs, resume after a kill, errors."
import json, signal, subprocess, time
from collections import Counter
import numpy as np, pandas as pd, pytest
from conftest import ANIMALCLEF, animalclef

DATASETS = ['LynxID2025', 'SalamanderID2025', 'SeaTurtleID2022']
FAST = ('--match-size', 'native', '--keypoints', '64', '--k', '4')

def stored_tags(folder):
    "How often each record tag occurs across the chunks of a store folder"
    tags = Counter()
    for f in folder.rglob('*.npz'):
        with np.load(f) as z: tags.update(map(str, z['__tags__']))
    return tags

def test_wildfusion_outputs_and_report(tiny, tmp_path):
    out = tmp_path / 'run'
    r = animalclef('run', tiny, '--out', out, '--stages', 'baseline,wildfusion', '--matchers', 'sift,aliked', *FAST)
    assert r.returncode == 0, r.stderr
    sub = pd.read_csv(out / 'stages' / 'wildfusion.csv', dtype=str)
    q = pd.read_csv(tiny / 'metadata.csv', dtype=str).query("split == 'query'")
    assert sorted(sub['image_id']) == sorted(q['image_id'])
    assert (out / 'submission.csv').read_text() == (out / 'stages' / 'wildfusion.csv').read_text()
    report = json.loads((out / 'report.json').read_text())['stages']
    assert set(report) == {'baseline', 'wildfusion'}
    wf = report['wildfusion']
    assert wf['settings']['matchers'] == ['sift', 'aliked'] and wf['settings']['k'] == 4
    assert set(wf['params']['calibration']['LynxID2025']) == {'cosine', 'sift', 'aliked'}
    assert wf['thresholds'] == wf['params']['thresholds'] and sorted(wf['thresholds']) == DATASETS
    assert 0 <= wf['query']['score'] <= 1 and 0 <= wf['validation']['score'] <= 1
    assert 'wildfusion validation' in r.stdout and 'wildfusion query' in r.stdout

def test_killed_run_resumes_from_cached_features_and_pairs(tiny, tmp_path):
    out, args = tmp_path / 'run', ['run', tiny, '--out', tmp_path / 'run', '--stages', 'wildfusion', '--matchers', 'aliked', *FAST]
    p = subprocess.Popen([ANIMALCLEF, *map(str, args)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while time.time() < deadline and p.poll() is None and not list((out / 'cache' / 'pairs').rglob('*.npz')):
        time.sleep(.2)
    p.send_signal(signal.SIGKILL); p.wait()
    assert not (out / 'report.json').exists()
    first = stored_tags(out / 'cache' / 'pairs')
    assert first, 'no pair scores were cached before the kill'
    r = animalclef(*args)
    assert r.returncode == 0, r.stderr
    pairs, feats = stored_tags(out / 'cache' / 'pairs'), stored_tags(out / 'cache' / 'features')
    assert set(first) <= set(pairs)
    assert max(pairs.values()) == 1 and max(feats.values()) == 1  # nothing computed twice

def test_rerun_is_served_from_cache(tiny, tmp_path):
    args = ['run', tiny, '--out', tmp_path / 'run', '--stages', 'wildfusion', '--matchers', 'sift', *FAST]
    assert animalclef(*args).returncode == 0
    files = sorted((tmp_path / 'run' / 'cache').rglob('*.npz'))
    first = (tmp_path / 'run' / 'submission.csv').read_text()
    assert animalclef(*args).returncode == 0
    assert sorted((tmp_path / 'run' / 'cache').rglob('*.npz')) == files
    assert (tmp_path / 'run' / 'submission.csv').read_text() == first

@pytest.mark.parametrize('bad, message', [(('--matchers', 'sift,nope'), 'unknown matcher'), (('--k', '0'), 'at least 1'),
                                          (('--fusion', 'median'), "unknown fusion 'median'"),
                                          (('--k', 'ten'), 'not a whole number')])
def test_bad_options(tiny, tmp_path, bad, message):
    r = animalclef('run', tiny, '--out', tmp_path / 'run', '--stages', 'wildfusion', *bad)
    assert r.returncode == 2 and message in r.stderr and not (tmp_path / 'run' / 'report.json').exists()

def test_bench_matching_prints_both_paths(tiny):
    r = animalclef('bench', 'matching', tiny, '--pairs', '4', '--matchers', 'sift,aliked', '--match-size', 'native', '--keypoints', '64')
    assert r.returncode == 0, r.stderr
    table, projection = r.stdout.split('\n\n')
    lines = table.splitlines()
    assert 'b/a' in lines[0] and 'a pairs/s' in lines[0] and 'b s/photo' in lines[0]
    assert [l.split()[0] for l in lines[2:]] == ['sift', 'aliked']
    assert [l.split()[0] for l in projection.splitlines()[-3:]] == ['sift', 'aliked', 'all']
