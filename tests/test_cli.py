"The animalclef command end to end on the tiny sample."
import json, shutil
import pandas as pd
from conftest import animalclef_here

DATASETS = ['LynxID2025', 'SalamanderID2025', 'SeaTurtleID2022']

def test_sample_layout(tiny):
    meta = pd.read_csv(tiny / 'metadata.csv', dtype=str)
    sol = pd.read_csv(tiny / 'solution.csv', dtype=str)
    assert list(meta.columns) == ['image_id', 'identity', 'path', 'date', 'orientation', 'species', 'split', 'dataset']
    assert list(sol.columns) == ['image_id', 'identity', 'new_identity', 'dataset']
    assert sorted(meta['dataset'].unique()) == DATASETS and len(meta) <= 150
    q = meta[meta['split'] == 'query']
    assert q['identity'].isna().all() and set(sol['image_id']) == set(q['image_id'])
    assert all((tiny / p).is_file() for p in meta['path'])
    assert set(sol['new_identity']) == {'True', 'False'}

def test_all_new_then_perfect(tiny, tmp_path):
    r = animalclef_here('run', tiny, '--out', tmp_path / 'run', '--stages', 'all-new')
    assert r.returncode == 0, r.stderr
    r = animalclef_here('score', tmp_path / 'run' / 'submission.csv', tiny / 'solution.csv', '--json')
    scores = json.loads(r.stdout)
    assert {d: (s['BAKS'], s['BAUS'], s['score']) for d, s in scores['datasets'].items()} == {d: (0., 1., 0.) for d in DATASETS}
    assert scores['score'] == 0.
    sol = pd.read_csv(tiny / 'solution.csv', dtype=str)
    perfect = sol[['image_id']].assign(identity=sol['identity'].where(sol['new_identity'] == 'False', 'new_individual'))
    perfect.to_csv(tmp_path / 'perfect.csv', index=False)
    r = animalclef_here('score', tmp_path / 'perfect.csv', tiny / 'solution.csv', '--json')
    assert json.loads(r.stdout)['score'] == 1.

def test_run_report(tiny, tmp_path):
    out = tmp_path / 'run'
    assert animalclef_here('run', tiny, '--out', out, '--stages', 'all-new').returncode == 0
    report = json.loads((out / 'report.json').read_text())
    stage = report['stages']['all-new']
    assert set(stage) == {'settings', 'params', 'thresholds', 'validation', 'query', 'seconds', 'peak_mb'}
    assert 0 < stage['peak_mb'] < 24_000  # MB: the process's peak when the stage had finished
    assert sorted(stage['validation']['datasets']) == DATASETS and set(stage['seconds']) == {'fit', 'validation', 'query'}
    assert report['submission'] == 'all-new' and report['options']['stages'] == ['all-new']
    assert (out / 'stages' / 'all-new.csv').read_text() == (out / 'submission.csv').read_text()

def test_threads_measured_or_given(tiny, tmp_path):
    r = animalclef_here('run', tiny, '--out', tmp_path / 'auto', '--stages', 'all-new')
    machine = json.loads((tmp_path / 'auto' / 'report.json').read_text())['machine']
    assert machine['threads'] in {int(n) for n in machine['probe ms']} and f"note: {machine['threads']} CPU thread(s)" in r.stderr
    r = animalclef_here('run', tiny, '--out', tmp_path / 'one', '--stages', 'all-new', '--threads', '1')
    assert r.returncode == 0 and json.loads((tmp_path / 'one' / 'report.json').read_text())['machine'] == {'threads': 1}

def test_submission_comes_from_the_last_stage(tiny, tmp_path):
    out = tmp_path / 'run'
    r = animalclef_here('run', tiny, '--out', out, '--stages', 'baseline,all-new')
    assert r.returncode == 0, r.stderr
    assert 'from stage all-new' in r.stdout and json.loads((out / 'report.json').read_text())['submission'] == 'all-new'
    assert (out / 'submission.csv').read_text() == (out / 'stages' / 'all-new.csv').read_text()
    assert (out / 'submission.csv').read_text() != (out / 'stages' / 'baseline.csv').read_text()

def test_help_is_built_from_the_options(tiny):
    r = animalclef_here('run', '--help')
    for flag, words in [('--seed', 'seed of the open-set validation split'), ('--k', 'shortlist length per query'),
                        ('--thresholds', 'how thresholds are chosen')]:
        assert flag in r.stdout and words in ' '.join(r.stdout.split()), flag

def test_score_table_text(tiny, tmp_path):
    animalclef_here('run', tiny, '--out', tmp_path / 'run', '--stages', 'all-new')
    r = animalclef_here('score', tmp_path / 'run' / 'submission.csv', tiny / 'solution.csv')
    lines = r.stdout.splitlines()
    assert lines[0].split() == ['dataset', 'BAKS', 'BAUS', 'score'] and lines[-1].split() == ['final', '0.000']

def test_bench_profile_accounts_for_every_second(tiny):
    r = animalclef_here('bench', 'profile', tiny, '--matchers', 'sift', '--pairs', '8', '--per-query', '4', '--threads', '1')
    assert r.returncode == 0, r.stderr
    rows = {line[:39].strip(): line.split()[-1] for line in r.stdout.splitlines() if line.startswith(('photo:', 'pair:', 'cache:', 'the rest'))}
    assert {'photo: network', 'pair: RANSAC', 'cache: writes', 'the rest: Python between the parts'} <= set(rows), r.stdout
    assert abs(sum(map(float, rows.values())) - 1) < 1e-3, rows  # the shares add up to the whole run

def test_progress_in_a_log_is_whole_lines(tiny, tmp_path, monkeypatch):
    "stderr not a terminal (here a buffer): every bar writes plain lines, no carriage returns, and the SIFT fallback is one note"
    import animalclef.cache
    monkeypatch.setattr(animalclef.cache, 'PROGRESS_EVERY', 1e-3)  # a line per step: every bar shows
    r = animalclef_here('run', tiny, '--out', tmp_path / 'run', '--stages', 'baseline,wildfusion', '--matchers', 'sift', '--k', '2', '--threads', '1')
    assert r.returncode == 0, r.stderr
    assert '\r' not in r.stderr and 'Warning' not in r.stderr, r.stderr
    bars = {l.split(':')[0] for l in r.stderr.splitlines() if not l.startswith('animalclef: ')}
    assert {'embed standin-cnn', 'features sift', 'pairs sift'} <= bars, r.stderr
    assert sum('SIFT-LightGlue' in l for l in r.stderr.splitlines()) == 1, r.stderr

def test_demo_refuses_an_outdated_sample(tiny, tmp_path):
    "A demo folder whose sample was made by an earlier version (no card) or with other settings is not run on as if it were today's"
    data = shutil.copytree(tiny, tmp_path / 'demo' / 'tiny')
    (data / 'sample.json').unlink()
    r = animalclef_here('demo', tmp_path / 'demo', '--preset', 'tiny')
    assert r.returncode == 2 and 'made by an earlier version of animalclef or with other settings' in r.stderr, r.stderr
    assert str(data) in r.stderr and not (tmp_path / 'demo' / 'run-tiny').exists()
