"README.md shows exactly two set-up commands, and CI runs the second one."
import re
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent

def shell_blocks():
    return re.findall(r'```sh\n(.*?)```', (TOP / 'README.md').read_text(), re.S)

def test_two_commands_on_first_screen():
    readme = (TOP / 'README.md').read_text()
    first, second = shell_blocks()[:2]
    assert first.strip().startswith('pip install -e . &&') and 'animalclef sample' in first
    assert second.strip().startswith('pip install -e ".[dev]" &&')
    assert readme.index(second) < len('\n'.join(readme.splitlines()[:40]))

def test_ci_runs_the_readme_test_command():
    assert shell_blocks()[1].strip() in (TOP / '.ci' / 'run').read_text()
