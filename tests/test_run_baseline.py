"`animalclef run --stages baseline` on the tiny sample: outputs, report, quality, cache reuse, clear errors."
import json, os
import pandas as pd, pytest
from PIL import Image
from conftest import animalclef, animalclef_here

DATASETS = ['LynxID2025', 'SalamanderID2025', 'SeaTurtleID2022']

def cache_state(out):
    return {p.relative_to(out): p.stat().st_mtime_ns for p in (out / 'cache').rglob('*.npz')}

def test_baseline_outputs_and_report(tiny, tiny_run):
    out, report, _ = tiny_run
    sub = pd.read_csv(out / 'stages' / 'baseline.csv', dtype=str)
    q = pd.read_csv(tiny / 'metadata.csv', dtype=str).query("split == 'query'")
    assert list(sub.columns) == ['image_id', 'identity'] and sorted(sub['image_id']) == sorted(q['image_id'])
    stage = report['stages']['baseline']
    assert sorted(stage['params']['thresholds']) == DATASETS
    assert sorted(stage['validation']['datasets']) == DATASETS and sorted(stage['query']['datasets']) == DATASETS

def test_baseline_clearly_beats_all_new(tiny_run):
    "Nearest neighbours carry the identity: on the tiny sample (seeds 0-5) the baseline scores 0.62-0.72 on validation and 0.34-0.70 on the queries"
    stages = tiny_run[1]['stages']
    all_new, base = stages['all-new'], stages['baseline']
    assert all_new['validation']['score'] == all_new['query']['score'] == 0
    assert base['validation']['score'] >= all_new['validation']['score'] + .5, base['validation']
    assert base['query']['score'] >= all_new['query']['score'] + .2, base['query']

def test_rerun_reuses_cache_and_gives_same_answers(tiny, tmp_path):
    out = tmp_path / 'run'
    assert animalclef_here('run', tiny, '--out', out, '--stages', 'baseline').returncode == 0
    before, first = cache_state(out), (out / 'submission.csv').read_text()
    assert before
    assert animalclef_here('run', tiny, '--out', out, '--stages', 'baseline').returncode == 0
    assert cache_state(out) == before and (out / 'submission.csv').read_text() == first

def test_changed_descriptor_or_image_is_recomputed(tiny_copy, tmp_path):
    cache = tmp_path / 'cache'
    embeddings = lambda: sorted(p.name for p in (cache / 'embeddings').glob('*.npz'))
    run = lambda out, *more: animalclef_here('run', tiny_copy, '--out', tmp_path / out, '--cache', cache, '--stages', 'baseline', *more)
    assert run('a').returncode == 0
    first = embeddings()
    assert run('b', '--descriptor', 'standin-swin').returncode == 0
    assert len(embeddings()) == len(first) + 1
    f = tiny_copy / pd.read_csv(tiny_copy / 'metadata.csv', dtype=str)['path'][0]
    Image.open(f).save(f, quality=50)  # the same photo, other bytes: the fingerprint changes
    assert run('c').returncode == 0
    assert len(embeddings()) == len(first) + 2
    f.write_bytes(f.read_bytes()); os.utime(f, ns=(1, 1))  # the same bytes, another modification time: nothing to recompute
    assert run('d').returncode == 0
    assert len(embeddings()) == len(first) + 2

def test_threshold_methods(tiny, tmp_path):
    for method in ['grid', 'share', 'calibrated', 'paper']:
        out = tmp_path / method
        r = animalclef_here('run', tiny, '--out', out, '--stages', 'baseline', '--thresholds', method, '--cache', tmp_path / 'cache')
        assert r.returncode == 0, r.stderr
        report = json.loads((out / 'report.json').read_text())
        stage = report['stages']['baseline']
        assert sorted(stage['thresholds']) == DATASETS and stage['settings'] == {'thresholds': method}
        assert ('shares' if method == 'share' else 'thresholds') in stage['params']

def test_unavailable_weights_and_device(tiny, tmp_path):
    env = os.environ | {'HF_HUB_OFFLINE': '1'}
    r = animalclef('run', tiny, '--out', tmp_path / 'a', '--stages', 'baseline', '--descriptor', 'megadescriptor-t-224', env=env)
    assert r.returncode == 2 and 'megadescriptor-t-224' in r.stderr and 'standin' in r.stderr, r.stderr
    r = animalclef_here('run', tiny, '--out', tmp_path / 'b', '--stages', 'baseline', '--descriptor', 'nonsense')
    assert r.returncode == 2 and "unknown descriptor 'nonsense'" in r.stderr

def test_cuda_asked_for_without_gpu(tiny, tmp_path):
    import torch
    if torch.cuda.is_available(): pytest.skip('this machine has a GPU')
    r = animalclef_here('run', tiny, '--out', tmp_path / 'c', '--stages', 'baseline', '--device', 'cuda')
    assert r.returncode == 2 and 'no CUDA GPU' in r.stderr, r.stderr

def test_without_solution_only_validation_is_scored(tiny_copy, tmp_path):
    (tiny_copy / 'solution.csv').unlink()
    out = tmp_path / 'run'
    r = animalclef_here('run', tiny_copy, '--out', out, '--stages', 'baseline')
    assert r.returncode == 0, r.stderr
    stage = json.loads((out / 'report.json').read_text())['stages']['baseline']
    assert 'query' not in stage and sorted(stage['validation']['datasets']) == DATASETS
    assert 'baseline query' not in r.stdout and (out / 'submission.csv').is_file()
