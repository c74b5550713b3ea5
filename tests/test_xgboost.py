"The xgboost stage through the command's code on the tiny sample: outputs, a rerun served from the cache, bad settings."
import json
import pandas as pd, pytest
from conftest import animalclef_here

DATASETS = ['LynxID2025', 'SalamanderID2025', 'SeaTurtleID2022']
def test_xgboost_outputs_and_rerun_from_cache(tiny, tmp_path):
    args = ['run', tiny, '--out', tmp_path / 'run', '--stages', 'baseline,xgboost', '--over', 'baseline']
    r = animalclef_here(*args)
    assert r.returncode == 0, r.stderr
    out = tmp_path / 'run'
    q = pd.read_csv(tiny / 'metadata.csv', dtype=str).query("split == 'query'")
    assert sorted(pd.read_csv(out / 'submission.csv', dtype=str)['image_id']) == sorted(q['image_id'])
    xgb = json.loads((out / 'report.json').read_text())['stages']['xgboost']
    assert xgb['settings']['over'] == 'baseline' and xgb['settings']['descriptors'] == ['standin-cnn', 'standin-swin']
    assert sorted(xgb['thresholds']) == DATASETS
    named = {m['name'] for part in ('validation', 'query') for m in xgb['params']['models'][part].values() if m}
    models = sorted((out / 'cache' / 'xgboost').glob('*.npz'))
    assert len(named) >= 4 and len(models) == len(named)  # every model the params name was saved
    first = (out / 'submission.csv').read_text()
    r = animalclef_here(*args)
    assert r.returncode == 0, r.stderr
    assert sorted((out / 'cache' / 'xgboost').glob('*.npz')) == models and [f.stat().st_mtime_ns for f in models] == \
           [f.stat().st_mtime_ns for f in sorted((out / 'cache' / 'xgboost').glob('*.npz'))]  # loaded, not trained again
    assert (out / 'submission.csv').read_text() == first

@pytest.mark.parametrize('bad, message', [(('--gate', 'share'), "unknown gate method 'share'"),
                                          (('--over', 'nope'), "unknown stage 'nope'"),
                                          (('--min-photos', '0'), '--min-photos must be a whole number of at least 1, not 0')])
def test_bad_xgboost_settings(tiny, tmp_path, bad, message):
    r = animalclef_here('run', tiny, '--out', tmp_path / 'run', '--stages', 'xgboost', *bad)
    assert r.returncode == 2 and message in r.stderr and not (tmp_path / 'run' / 'submission.csv').exists()
