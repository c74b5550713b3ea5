"README.md shows exactly two set-up commands, CI runs the second one, and its numbers are those of the first: the demo."
import copy, importlib.util, json, re
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent

def shell_blocks():
    return re.findall(r'```sh\n(.*?)```', (TOP / 'README.md').read_text(), re.S)

def readme_tool():
    "The module .ci/readme.py, which writes README.md and its table of numbers"
    spec = importlib.util.spec_from_file_location('readme_tool', TOP / '.ci' / 'readme.py')
    spec.loader.exec_module(tool := importlib.util.module_from_spec(spec))
    return tool

def test_two_commands_on_first_screen():
    readme = (TOP / 'README.md').read_text()
    first, second = shell_blocks()[:2]
    assert first.strip().startswith('pip install -e . &&') and 'animalclef demo' in first
    assert second.strip().startswith('pip install -e ".[dev]" &&')
    assert readme.index(second) < len('\n'.join(readme.splitlines()[:40]))

def test_ci_runs_the_readme_test_command():
    assert shell_blocks()[1].strip() in (TOP / '.ci' / 'run').read_text()

def test_numbers_are_the_report_of_the_first_command():
    assert readme_tool().problems() == []

def test_numbers_check_notices_other_settings_or_scores():
    tool = readme_tool()
    report = json.loads(tool.REPORT.read_text())
    assert tool.mismatches(report) == []
    other = copy.deepcopy(report)
    other['options']['settings']['wildfusion']['k'] += 1
    assert tool.mismatches(other) == [f"settings.wildfusion.k: the demo runs with {report['options']['settings']['wildfusion']['k']!r}, "
                                      f"the report has {other['options']['settings']['wildfusion']['k']!r}"]
    changed = copy.deepcopy(report)
    changed['stages']['baseline']['query']['datasets']['LynxID2025']['score'] += .001
    assert tool.table(changed) != tool.table(report)
    assert [l.split(' | ')[-2] for l in tool.table(report).splitlines()[2:]] == [
        f"{s['query']['score']:.3f}" for s in report['stages'].values()]  # the final column is each stage's query score
