"`animalclef run --stages baseline,wildfusion` and `animalclef bench matching` on the tiny sample: outputs, quality, resume after a kill, errors."
import json, signal, subprocess, time
from collections import Counter
import numpy as np, pandas as pd, pytest
from conftest import ANIMALCLEF, FAST, TINY_RUN, animalclef_here

DATASETS = ['LynxID2025', 'SalamanderID2025', 'SeaTurtleID2022']

def stored_tags(folder):
    "How often each (store, record tag) occurs across the chunks of the stores under `folder`, one store per matcher"
    tags = Counter()
    for f in folder.rglob('*.npz'):
        with np.load(f) as z: tags.update((f.parent.name, str(t)) for t in z['__tags__'])
    return tags

def test_wildfusion_outputs_and_report(tiny, tiny_run):
    out, reports, stdout = tiny_run
    sub = pd.read_csv(out / 'stages' / 'wildfusion.csv', dtype=str)
    q = pd.read_csv(tiny / 'metadata.csv', dtype=str).query("split == 'query'")
    assert sorted(sub['image_id']) == sorted(q['image_id'])
    assert (out / 'submission.csv').read_text() == (out / 'stages' / 'wildfusion.csv').read_text()
    report = reports['stages']
    assert set(report) == {'all-new', 'baseline', 'wildfusion'}
    wf = report['wildfusion']
    assert wf['settings']['matchers'] == ['aliked', 'sift'] and wf['settings']['k'] == 4
    assert set(wf['params']['calibration']['LynxID2025']) == {'cosine', 'aliked-distinct', 'aliked-inliers', 'sift-distinct', 'sift-inliers'}  # the default counts
    assert wf['params']['k_used'] == {part: dict.fromkeys(DATASETS, 4) for part in ('validation', 'query')}
    assert wf['thresholds'] == wf['params']['thresholds'] and sorted(wf['thresholds']) == DATASETS
    assert 'wildfusion validation' in stdout and 'wildfusion query' in stdout

def test_wildfusion_clearly_beats_the_baseline(tiny_run):
    "Local matching adds to the cosine: on the tiny sample (seeds 0-5) WildFusion gains 0.18-0.38 on validation and 0.05-0.31 on the queries, where it scores 0.59-0.80"
    stages = tiny_run[1]['stages']
    base, wf = stages['baseline'], stages['wildfusion']
    assert wf['validation']['score'] >= base['validation']['score'] + .1, (wf['validation'], base['validation'])
    assert wf['query']['score'] > base['query']['score'] and wf['query']['score'] >= .5, (wf['query'], base['query'])

def test_killed_run_resumes_to_the_same_submission(tiny, tiny_run, tmp_path):
    out = tmp_path / 'run'
    args = ['run', tiny, '--out', out, *TINY_RUN]
    p = subprocess.Popen([ANIMALCLEF, *map(str, args)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while p.poll() is None and not list((out / 'cache' / 'pairs').rglob('*.npz')): time.sleep(.05)
    alive = p.poll() is None  # pair scores are being written and the run is not over
    p.send_signal(signal.SIGKILL); p.wait()
    assert alive and p.returncode == -signal.SIGKILL, 'the run ended before it could be killed while writing pair scores'
    assert not (out / 'report.json').exists() and not (out / 'submission.csv').exists()
    first = stored_tags(out / 'cache' / 'pairs')
    assert first, 'no pair scores were cached before the kill'
    r = animalclef_here(*args)
    assert r.returncode == 0, r.stderr
    pairs, feats = stored_tags(out / 'cache' / 'pairs'), stored_tags(out / 'cache' / 'features')
    assert set(first) < set(pairs)  # the killed run had scored some pairs, not all
    assert max(pairs.values()) == 1 and max(feats.values()) == 1  # nothing computed twice
    assert (out / 'submission.csv').read_text() == (tiny_run[0] / 'submission.csv').read_text()  # as if never killed

def test_rerun_is_served_from_cache(tiny, tmp_path):
    args = ['run', tiny, '--out', tmp_path / 'run', '--stages', 'wildfusion', '--matchers', 'sift', *FAST]
    assert animalclef_here(*args).returncode == 0
    files = sorted((tmp_path / 'run' / 'cache').rglob('*.npz'))
    first = (tmp_path / 'run' / 'submission.csv').read_text()
    assert animalclef_here(*args).returncode == 0
    assert sorted((tmp_path / 'run' / 'cache').rglob('*.npz')) == files
    assert (tmp_path / 'run' / 'submission.csv').read_text() == first

@pytest.mark.parametrize('bad, message', [
    (('--matchers', 'sift,nope'), "unknown matcher 'nope'"), (('--matchers', ''), '--matchers'),
    (('--k', '0'), '--k must be a whole number of at least 1, not 0'), (('--k', 'ten'), 'not a whole number'),
    (('--keypoints', '-1'), "--keypoints must be a whole number of at least 1 or 'auto' or 'none', not -1"), (('--keypoints', '0'), "--keypoints must be a whole number of at least 1 or 'auto' or 'none', not 0"),
    (('--match-size', '0'), "--match-size must be a whole number of at least 1 or 'spec' or 'native', not 0"), (('--match-size', 'big'), "--match-size must be a whole number of at least 1 or 'spec' or 'native', not 'big'"),
    (('--fusion', 'median'), "unknown fusion 'median'")])
def test_bad_options(tiny, tmp_path, bad, message):
    "A bad setting fails before any work: exit 2, one line naming the option, nothing written"
    r = animalclef_here('run', tiny, '--out', tmp_path / 'run', '--stages', 'wildfusion', *bad)
    assert r.returncode == 2 and message in r.stderr and r.stderr.count('\n') == 1 and r.stdout == '', r.stderr
    assert not (tmp_path / 'run').exists()

def test_k_larger_than_the_database_is_reported(tiny, tmp_path):
    out = tmp_path / 'run'
    r = animalclef_here('run', tiny, '--out', out, '--stages', 'wildfusion', '--matchers', 'sift', '--k', '1000', '--match-size', 'native', '--keypoints', '64')
    assert r.returncode == 0, r.stderr
    meta = pd.read_csv(tiny / 'metadata.csv', dtype=str)
    database = meta[meta['split'] == 'database']['dataset'].value_counts()
    stage = json.loads((out / 'report.json').read_text())['stages']['wildfusion']
    assert stage['settings']['k'] == 1000 and stage['params']['k_used']['query'] == database.to_dict()
    assert all(0 < k < database[d] for d, k in stage['params']['k_used']['validation'].items())  # the gallery is part of the database

def test_bench_matching_prints_both_paths(tiny):
    r = animalclef_here('bench', 'matching', tiny, '--pairs', '4', '--matchers', 'sift,aliked', '--match-size', 'native', '--keypoints', '64')
    assert r.returncode == 0, r.stderr
    table, projection = r.stdout.split('\n\n')
    lines = table.splitlines()
    assert 'b/a' in lines[0] and 'a pairs/s' in lines[0] and 'b s/photo' in lines[0]
    assert [l.split()[0] for l in lines[2:]] == ['sift', 'aliked']
    assert [l.split()[0] for l in projection.splitlines()[-3:]] == ['sift', 'aliked', 'all']
