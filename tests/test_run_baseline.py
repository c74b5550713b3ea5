"`animalclef run --stages baseline` on the tiny sample: outputs, report, cache reuse, clear errors."
import json, os
import pandas as pd, pytest
from conftest import animalclef

DATASETS = ['LynxID2025', 'SalamanderID2025', 'SeaTurtleID2022']

def cache_state(out):
    return {p.relative_to(out): p.stat().st_mtime_ns for p in (out / 'cache').rglob('*.npz')}

def test_baseline_outputs_and_report(tiny, tmp_path):
    out = tmp_path / 'run'
    r = animalclef('run', tiny, '--out', out, '--stages', 'baseline')
    assert r.returncode == 0, r.stderr
    sub = pd.read_csv(out / 'stages' / 'baseline.csv', dtype=str)
    q = pd.read_csv(tiny / 'metadata.csv', dtype=str).query("split == 'query'")
    assert list(sub.columns) == ['image_id', 'identity'] and sorted(sub['image_id']) == sorted(q['image_id'])
    assert (out / 'submission.csv').read_text() == (out / 'stages' / 'baseline.csv').read_text()
    stage = json.loads((out / 'report.json').read_text())['stages']['baseline']
    assert sorted(stage['params']['thresholds']) == DATASETS
    assert sorted(stage['validation']['datasets']) == DATASETS and sorted(stage['query']['datasets']) == DATASETS
    assert 0 <= stage['query']['score'] <= 1

def test_rerun_reuses_cache_and_gives_same_answers(tiny, tmp_path):
    out = tmp_path / 'run'
    assert animalclef('run', tiny, '--out', out, '--stages', 'baseline').returncode == 0
    before, first = cache_state(out), (out / 'submission.csv').read_text()
    assert before
    assert animalclef('run', tiny, '--out', out, '--stages', 'baseline').returncode == 0
    assert cache_state(out) == before and (out / 'submission.csv').read_text() == first

def test_changed_descriptor_or_image_is_recomputed(tiny_copy, tmp_path):
    out = tmp_path / 'run'
    assert animalclef('run', tiny_copy, '--out', out, '--stages', 'baseline').returncode == 0
    n = len(cache_state(out))
    assert animalclef('run', tiny_copy, '--out', out, '--stages', 'baseline', '--descriptor', 'standin-swin').returncode == 0
    assert len(cache_state(out)) == n + 1
    f = tiny_copy / pd.read_csv(tiny_copy / 'metadata.csv', dtype=str)['path'][0]
    f.write_bytes(f.read_bytes())  # same pixels, new modification time: the fingerprint changes
    os.utime(f, ns=(1, 1))
    assert animalclef('run', tiny_copy, '--out', out, '--stages', 'baseline').returncode == 0
    assert len(cache_state(out)) == n + 2

def test_threshold_methods(tiny, tmp_path):
    for method in ['grid', 'share', 'calibrated', 'paper']:
        out = tmp_path / method
        r = animalclef('run', tiny, '--out', out, '--stages', 'baseline', '--thresholds', method, '--cache', tmp_path / 'cache')
        assert r.returncode == 0, r.stderr
        report = json.loads((out / 'report.json').read_text())
        stage = report['stages']['baseline']
        assert sorted(stage['thresholds']) == DATASETS and stage['settings'] == {'thresholds': method}
        assert ('shares' if method == 'share' else 'thresholds') in stage['params']

def test_unavailable_weights_and_device(tiny, tmp_path):
    env = os.environ | {'HF_HUB_OFFLINE': '1'}
    r = animalclef('run', tiny, '--out', tmp_path / 'a', '--stages', 'baseline', '--descriptor', 'megadescriptor-t-224', env=env)
    assert r.returncode == 2 and 'megadescriptor-t-224' in r.stderr and 'standin' in r.stderr, r.stderr
    r = animalclef('run', tiny, '--out', tmp_path / 'b', '--stages', 'baseline', '--descriptor', 'nonsense')
    assert r.returncode == 2 and "unknown descriptor 'nonsense'" in r.stderr

def test_cuda_asked_for_without_gpu(tiny, tmp_path):
    import torch
    if torch.cuda.is_available(): pytest.skip('this machine has a GPU')
    r = animalclef('run', tiny, '--out', tmp_path / 'c', '--stages', 'baseline', '--device', 'cuda')
    assert r.returncode == 2 and 'no CUDA GPU' in r.stderr, r.stderr

def test_without_solution_only_validation_is_scored(tiny_copy, tmp_path):
    (tiny_copy / 'solution.csv').unlink()
    out = tmp_path / 'run'
    r = animalclef('run', tiny_copy, '--out', out, '--stages', 'baseline')
    assert r.returncode == 0, r.stderr
    stage = json.loads((out / 'report.json').read_text())['stages']['baseline']
    assert 'query' not in stage and sorted(stage['validation']['datasets']) == DATASETS
    assert 'baseline query' not in r.stdout and (out / 'submission.csv').is_file()
