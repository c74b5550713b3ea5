"""Write README.md from nbs/index.ipynb, or with --check fail if README.md differs from it.

Quarto (which nbdev_readme needs) cannot be installed everywhere, so the README is made here:
markdown cells as they are, visible code cells as fenced Python, relative links pointed into nbs/.

The table under "Numbers you should get" is made from the report of the demo that "Try it" shows
(`animalclef demo`), kept in .ci/sample-report.json:

    python .ci/readme.py --numbers          # run the demo in a temporary folder, keep its report, rewrite the table
    python .ci/readme.py --numbers RUN      # the same from RUN/report.json (a demo run elsewhere: animalclef-demo/run-sample),
                                            # or from a kept report file such as .ci/sample-report.json
    python .ci/readme.py --check            # README == notebook, table == kept report, report made by "Try it"
    python .ci/readme.py --check --rerun    # and a fresh run of "Try it" gives the kept scores (slow: minutes); the query
                                            # scores of stages that train a network move with the processor: CPU_DRIFT
"""
import json, re, shlex, subprocess, sys, tempfile
from pathlib import Path

top = Path(__file__).resolve().parent.parent
NOTEBOOK, README, REPORT = top / 'nbs' / 'index.ipynb', top / 'README.md', top / '.ci' / 'sample-report.json'
HEADER = '<!-- Generated from nbs/index.ipynb by .ci/readme.py: edit the notebook, then run `python .ci/readme.py`. -->\n\n'
NUMBERS = '## Numbers you should get'
TABLE = re.compile(r'^\| stage \|.*?(?=\n\n|\Z)', re.M | re.S)  # the table in the Numbers cell
SERIES = '## The series'
NOTEBOOK_STAGES = {'02b_stages': 'all-new', '03_baseline': 'baseline', '05_wildfusion': 'wildfusion', '06_rerank': 'rerank',
                   '07_xgboost': 'xgboost', '08_dual_backbone': 'dual', '09_cascade': 'cascade'}  # notebook -> the stage it builds
DESCRIPTORS = {'standin-cnn': 'CNN stand-in', 'standin-swin': 'Swin stand-in'}
CPU_DRIFT = {'dual': 0.1}  # stages that train a network on the CPU: how far their query scores may move between processors
MATCHERS = {'aliked': 'ALIKED', 'disk': 'DISK', 'sift': 'SIFT', 'superpoint': 'SuperPoint', 'loftr': 'LoFTR'}

def relink(md: str) -> str:
    "Point relative links and images at nbs/"
    return re.sub(r'(\]\()(?![a-z]+:|#|/)([^)]+\))', r'\1nbs/\2', md)

def cells(nb_file: Path=NOTEBOOK) -> list[dict]: return json.loads(nb_file.read_text())['cells']

def render(nb_file: Path=NOTEBOOK) -> str:
    parts = []
    for cell in cells(nb_file):
        src = ''.join(cell['source']).strip()
        if cell['cell_type'] == 'markdown': parts.append(relink(src))
        elif src and not re.search(r'^#\|\s*hide', src, re.M): parts.append(f"```python\n{src}\n```")
    return HEADER + '\n\n'.join(parts) + '\n'

def try_it() -> list[str]:
    "The `animalclef demo` command of the notebook's first shell block, as an argument list"
    md = '\n'.join(''.join(c['source']) for c in cells() if c['cell_type'] == 'markdown')
    steps = [shlex.split(s) for s in re.search(r'```sh\n(.*?)```', md, re.S).group(1).split('&&')]
    return next(s for s in steps if s[:2] == ['animalclef', 'demo'])

def _flat(d: dict, prefix: str='') -> dict:
    "Nested settings as {'a.b': value}"
    return {k2: v2 for k, v in d.items() for k2, v2 in (_flat(v, f'{prefix}{k}.').items() if isinstance(v, dict) else [(f'{prefix}{k}', v)])}

def mismatches(report: dict) -> list[str]:
    "Where `report` was not made with the demo's options, as the library defines them today"
    from animalclef.cli import demo_options
    want, held = _flat(json.loads(json.dumps(demo_options().to_dict()))), _flat(report['options'])
    return [f"{k}: the demo runs with {want.get(k)!r}, the report has {held.get(k)!r}" for k in sorted(set(want) | set(held)) if want.get(k) != held.get(k)]

def stage_label(name: str, settings: dict, options: dict) -> str:
    "A row title that says what the stage ran with"
    if name == 'all-new': return '`all-new` (every query new)'
    if name == 'baseline': return f"`baseline`, {DESCRIPTORS.get(options['descriptor'], options['descriptor'])}, {settings['thresholds']} thresholds"
    if name == 'wildfusion':
        kp = f"{settings['keypoints']} keypoints" if isinstance(settings['keypoints'], int) else "keypoints by photo area"
        counts = ' + '.join(settings['scores']) if isinstance(settings['scores'], list) else settings['scores']
        return (f"`wildfusion`, {' + '.join(MATCHERS.get(m, m) for m in settings['matchers'])}, K = {settings['k']}, {kp}, "
                f"{counts} counts, {settings['fusion']} fusion")
    if name == 'rerank':
        w = settings['jaccard_weights']
        weight = f"Jaccard weight {w[0]}" if len(w) == 1 else f"Jaccard weight of {min(w)}-{max(w)} chosen"
        return f"`rerank`, k1 = {settings['k1']}, k2 = {settings['k2']}, {weight} and switched per dataset"
    if name == 'xgboost': return f"`xgboost`, gate over {settings['over']}, {settings['gate']} thresholds"
    if name == 'dual': return f"`dual`, {' + '.join(DESCRIPTORS.get(d, d) for d in settings['descriptors'])}, {settings['epochs']} epochs"
    if name == 'cascade': return f"`cascade`, {settings['preset']} rules"
    return f"`{name}`"

def paper_column(name: str) -> str:
    "The paper's private score of the stage, with what it ran on"
    from animalclef.paper import PAPER
    if name == 'baseline': return f"{PAPER.private.baseline / 100:.3f} (MegaDescriptor-L-384)"
    if name == 'wildfusion': return f"{PAPER.private.wildfusion / 100:.3f} ({len(PAPER.wildfusion.matchers)} matchers, K = {PAPER.wildfusion.k})"
    if name in ('rerank', 'xgboost', 'cascade'): return f"{getattr(PAPER.private, name) / 100:.3f}"
    return ''

def table(report: dict) -> str:
    "The query scores of every stage of `report` as a markdown table"
    stages = report['stages']
    datasets = list(next(iter(stages.values()))['query']['datasets'])
    lines = ['| stage | ' + ' | '.join(datasets) + ' | final | paper, real data (private) |', '|---' * (len(datasets) + 3) + '|']
    for name, st in stages.items():
        q = st['query']
        cols = [stage_label(name, st['settings'], report['options']), *(f"{q['datasets'][d]['score']:.3f}" for d in datasets),
                f"{q['score']:.3f}", paper_column(name)]
        lines.append(('| ' + ' | '.join(cols)).rstrip() + ' |')
    return '\n'.join(lines)

def kept(report: dict, command) -> dict:
    "What of a run's report is kept: the command, options and every stage's settings, thresholds, scores, seconds and rules"
    def keep(st):  # a run's report or a kept one
        rules = st.get('params', {}).get('rules', st.get('rules'))
        return {k: v for k, v in st.items() if k not in ('params', 'rules')} | ({'rules': rules} if rules else {})
    return {'command': shlex.join(command), 'options': report['options'], 'stages': {n: keep(st) for n, st in report['stages'].items()}}

def drift(now: dict, held: dict) -> list[str]:
    "Query scores of `now` that differ from `held`: to the third decimal, or beyond CPU_DRIFT for stages that train on the CPU"
    out = []
    for name, st in held['stages'].items():
        q, q_now = st['query'], now['stages'].get(name, {}).get('query')
        if q_now is None: out.append(f"stage {name} did not run"); continue
        cells = [('final', q['score'], q_now['score']), *((d, v['score'], q_now['datasets'][d]['score']) for d, v in q['datasets'].items())]
        allowed = CPU_DRIFT.get(name, 0)
        out += [f"{name} {where}: {got:.3f}, not {want:.3f}" + (f" (allowed: {allowed} either way)" if allowed else '')
                for where, want, got in cells if abs(round(got, 3) - round(want, 3)) > allowed + 1e-9]
    return out

def fresh_report() -> dict:
    "Run the demo command of 'Try it' in a temporary folder and return its report"
    demo = try_it()
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(demo, cwd=d, check=True)
        folder = Path(d) / (demo[2] if len(demo) > 2 and not demo[2].startswith('-') else 'animalclef-demo')
        return json.loads((folder / 'run-sample' / 'report.json').read_text())

def numbers_cell(heading: str=NUMBERS) -> tuple[dict, int]:
    nb = json.loads(NOTEBOOK.read_text())
    i = next(i for i, c in enumerate(nb['cells']) if ''.join(c['source']).startswith(heading))
    return nb, i

def series(md: str, report: dict) -> str:
    "The series table of `md` with each stage notebook's query score on the sample in its last column"
    def row(line: str) -> str:
        m = re.match(r'\| \[(\w+)\]', line)
        if not m: return line
        cells = line.strip()[1:-1].split('|')
        stage = NOTEBOOK_STAGES.get(m.group(1))
        score = f" {report['stages'][stage]['query']['score']:.3f} " if stage in report['stages'] else ' '
        return '|' + '|'.join([*cells[:3], score]) + '|'
    return '\n'.join(map(row, md.split('\n')))

def write_numbers(report: dict):
    "Keep `report` and rewrite the Numbers table of the notebook from it"
    if bad := mismatches(report): sys.exit('the report was not made by the demo of "Try it": ' + '; '.join(bad))
    REPORT.write_text(json.dumps(kept(report, try_it()), indent=1) + '\n')
    nb, i = numbers_cell()
    src = TABLE.sub(lambda m: table(report), ''.join(nb['cells'][i]['source']), count=1)
    nb['cells'][i]['source'] = [l + '\n' for l in src.split('\n')[:-1]] + [src.split('\n')[-1]]
    j = numbers_cell(SERIES)[1]
    src = series(''.join(nb['cells'][j]['source']), report)
    nb['cells'][j]['source'] = [l + '\n' for l in src.split('\n')[:-1]] + [src.split('\n')[-1]]
    NOTEBOOK.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')

def problems(rerun: bool=False) -> list[str]:
    "What disagrees: README and notebook, the notebook's table and the kept report, the report and the demo"
    out = [] if README.read_text() == render() else ['README.md differs from nbs/index.ipynb: run `python .ci/readme.py`']
    report = json.loads(REPORT.read_text())
    if report.get('command') != shlex.join(try_it()):
        out.append(f"{REPORT.name} was made by another command than \"Try it\" shows: run `python .ci/readme.py --numbers`")
    out += [f"{REPORT.name}: {m}" for m in mismatches(report)]
    nb, i = numbers_cell()
    shown = TABLE.search(''.join(nb['cells'][i]['source']))
    if not shown or shown.group(0) != table(report): out.append(f"the table under '{NUMBERS}' is not the one {REPORT.name} gives: run `python .ci/readme.py --numbers .ci/{REPORT.name}`")
    shown = ''.join(nb['cells'][numbers_cell(SERIES)[1]]['source'])
    if shown != series(shown, report): out.append(f"the scores in the table under '{SERIES}' are not those {REPORT.name} gives: run `python .ci/readme.py --numbers .ci/{REPORT.name}`")
    if rerun and (bad := drift(now := fresh_report(), report)):
        out.append(f"a fresh run of \"Try it\" gives\n{table(now)}\nnot\n{table(report)}\n" + '\n'.join(bad))
    return out

if __name__ == '__main__':
    args = sys.argv[1:]
    if '--numbers' in args:
        rest = args[args.index('--numbers') + 1:]
        given = Path(rest[0]) if rest else None
        write_numbers(json.loads((given if given.is_file() else given / 'report.json').read_text()) if given else fresh_report())
        README.write_text(render())
    elif '--check' in args:
        if bad := problems('--rerun' in args): sys.exit('\n'.join(bad))
        print('README.md matches nbs/index.ipynb, and its numbers the report of "Try it"')
    else: README.write_text(render())
