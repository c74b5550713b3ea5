"The dual-backbone stage through the command on the tiny sample: outputs, a rerun served from the cache, bad settings."
import json
import pandas as pd, pytest
from conftest import animalclef_here

DATASETS = ['LynxID2025', 'SalamanderID2025', 'SeaTurtleID2022']
QUICK = ('--epochs', '2', '--head-epochs', '1', '--final-epochs', '1', '--steps', '1', '--batch-size', '4')  # a few steps per model

def checkpoints(out):
    "Every checkpoint file of the run's cache with its modification time"
    return {f.name: f.stat().st_mtime_ns for f in sorted((out / 'cache' / 'dual').glob('*.npz'))}

def test_dual_outputs_and_rerun_from_cache(tiny, tmp_path):
    out = tmp_path / 'run'
    args = ['run', tiny, '--out', out, '--stages', 'baseline,dual', *QUICK]
    r = animalclef_here(*args)
    assert r.returncode == 0, r.stderr
    q = pd.read_csv(tiny / 'metadata.csv', dtype=str).query("split == 'query'")
    answers = pd.read_csv(out / 'stages' / 'dual.csv', dtype=str)
    assert sorted(answers['image_id']) == sorted(q['image_id'])
    dual = json.loads((out / 'report.json').read_text())['stages']['dual']
    assert dual['settings']['epochs'] == 2 and dual['settings']['descriptors'] == ['standin-cnn', 'standin-swin']
    assert sorted(dual['thresholds']) == DATASETS and sorted(dual['validation']['datasets']) == DATASETS
    assert 'query' in dual and 'dual validation' in r.stdout
    names = {m['name'] for part in ('validation', 'query') for m in dual['params']['models'][part].values()}
    first, saved = (out / 'submission.csv').read_text(), checkpoints(out)
    assert len(names) == 6 and len(saved) == 6  # one model per dataset and part, its last epoch's checkpoint kept
    r = animalclef_here(*args)
    assert r.returncode == 0, r.stderr
    assert checkpoints(out) == saved  # loaded, not trained again
    assert (out / 'submission.csv').read_text() == first

@pytest.mark.parametrize('bad, message', [(('--epochs', '1'), 'exceed epochs'),
                                          (('--descriptors', 'standin-cnn'), 'needs two descriptors'),
                                          (('--batch-size', '1'), '--batch-size must be a whole number of at least 2, not 1')])
def test_bad_dual_settings(tiny, tmp_path, bad, message):
    r = animalclef_here('run', tiny, '--out', tmp_path / 'run', '--stages', 'dual', '--head-epochs', '1', '--final-epochs', '1', *bad)
    assert r.returncode == 2 and message in r.stderr and not (tmp_path / 'run' / 'submission.csv').exists()
