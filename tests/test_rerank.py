"The rerank stage through the command on the tiny sample: its outputs, its per-dataset switch, WildFusion's answers kept where it is off."
import json
import pandas as pd
from animalclef.metrics import GAIN_SHARE
from conftest import FAST, animalclef_here

def test_rerank_outputs_and_switch(tiny, tmp_path):
    out = tmp_path / 'run'
    r = animalclef_here('run', tiny, '--out', out, '--stages', 'wildfusion,rerank', '--matchers', 'sift', *FAST, '--gallery-k', '4',
                        '--jaccard-weights', '0.1,0.3')
    assert r.returncode == 0, r.stderr
    report = json.loads((out / 'report.json').read_text())
    assert report['submission'] == 'rerank'
    params = report['stages']['rerank']['params']
    assert sorted(params['use']) == sorted(params['validation']) == ['LynxID2025', 'SalamanderID2025', 'SeaTurtleID2022']
    for d, on in params['use'].items():  # switched on exactly where the gain held on resampled validation sets
        v = params['validation'][d]
        assert on == (v['gain_share'] >= GAIN_SHARE) and (not on or v['rerank'] > v['wildfusion'])
        assert params['jaccard_weight'][d] == v['jaccard_weight'] in (.1, .3)
    meta = pd.read_csv(tiny / 'metadata.csv', dtype=str).set_index('image_id')
    mine, theirs = (pd.read_csv(out / 'stages' / f'{s}.csv', dtype=str).set_index('image_id') for s in ('rerank', 'wildfusion'))
    kept = meta.loc[mine.index, 'dataset'].map(lambda d: not params['use'][d])
    assert mine.loc[kept, 'identity'].equals(theirs.loc[mine.index[kept], 'identity'])
