"""seaborn and NLTK imported with stand-ins for scipy.stats, scipy.cluster and scikit-learn: the same
libraries as a plain import, without those subpackages, which load for real on first use."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import lazy_imports

ROOT = Path(__file__).resolve().parents[1]

#: Prints, for every loaded module of seaborn and NLTK, its global names and the values of those
#: that are flags, numbers or text (``_no_scipy``, a version), and which stood-in packages are loaded.
_DUMP = """
import json, sys
scalars = (bool, int, float, str, type(None))
found = {}
for name, module in sorted(sys.modules.items()):
    if name.partition(".")[0] in ("seaborn", "nltk", "datasketch") and module is not None:
        items = vars(module)
        found[name] = {k: (repr(v) if isinstance(v, scalars) else type(v).__name__) for k, v in sorted(items.items())
                       if k not in ("__builtins__", "__cached__", "__loader__", "__spec__")}
loaded = sorted(m for m in ("scipy.stats", "scipy.cluster", "scipy.integrate", "sklearn") if m in sys.modules)
print(json.dumps({"modules": found, "loaded": loaded}))
"""


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_libraries_imported_through_it_are_the_libraries_a_plain_import_gives():
    plain = json.loads(_run("import seaborn, nltk.collocations, nltk.tokenize, datasketch\n" + _DUMP))
    lazy = json.loads(_run("from analysis.lazy_imports import import_module\n"
                           "for name in ('seaborn', 'nltk.collocations', 'nltk.tokenize', 'datasketch'): import_module(name)\n"
                           + _DUMP))
    assert plain["loaded"] == ["scipy.cluster", "scipy.integrate", "scipy.stats", "sklearn"]
    assert lazy["loaded"] == []
    assert lazy["modules"].keys() == plain["modules"].keys()
    for module, names in plain["modules"].items():
        # the same names in every module (no import fell back), the same flags and numbers; the
        # deferred names are functions or forwarding modules where the plain import has classes
        deferred = {name for names_ in lazy_imports.DEFERRED.values() for name in names_}
        assert {k: v for k, v in lazy["modules"][module].items() if k not in deferred} == \
               {k: v for k, v in names.items() if k not in deferred}, module


def test_every_name_stood_in_for_is_a_name_of_the_real_module():
    for module, names in lazy_imports.DEFERRED.items():
        real = importlib.import_module(module)
        for name, kind in names.items():
            thing = getattr(real, name)
            assert callable(thing) if kind == "call" else hasattr(thing, "__dict__"), (module, name)


def test_what_the_libraries_use_from_the_stand_ins_loads_the_real_modules():
    out = _run(
        "import sys\n"
        "import matplotlib; matplotlib.use('agg')\n"
        "import numpy as np, pandas as pd\n"
        "from analysis.lazy_imports import import_module\n"
        "sns, collocations = import_module('seaborn'), import_module('nltk.collocations')\n"
        "assert 'scipy.stats' not in sys.modules\n"
        "x = np.random.default_rng(0).normal(size=50)\n"
        "ax = sns.kdeplot(x=x, cumulative=True)\n"  # seaborn refuses this without scipy
        "grid = sns.clustermap(pd.DataFrame(np.random.default_rng(1).normal(size=(5, 3))))\n"
        "fisher = collocations.BigramAssocMeasures.fisher(3, (5, 6), 100)\n"
        "lsh = import_module('datasketch').MinHashLSH(threshold=0.8, num_perm=64)\n"  # chooses b, r with quad
        "import scipy.stats, sklearn\n"
        "expected = scipy.stats.fisher_exact([[3, 2], [3, 92]], alternative='less')[1]\n"
        "classify = import_module('nltk.classify.scikitlearn')\n"
        "from sklearn.naive_bayes import BernoulliNB\n"
        "model = classify.SklearnClassifier(BernoulliNB()).train([({'a': 1}, 'x'), ({'b': 1}, 'y')])\n"
        "print(abs(fisher - expected) < 1e-12, lsh.b * lsh.r <= 64 and 'scipy.integrate' in sys.modules,\n"
        "      model.classify({'a': 1}), hasattr(scipy.stats, '__file__'), 'load_svmlight_file' in dir(sklearn.datasets))\n"
    )
    assert out.split() == ["True", "True", "x", "True", "True"]


def test_an_already_imported_library_or_subpackage_is_not_stood_in_for():
    out = _run("import sys, scipy.stats\nfrom analysis.lazy_imports import import_module\n"
               "sns = import_module('seaborn')\n"
               "print(sys.modules['seaborn._statistics'].gaussian_kde is scipy.stats.gaussian_kde,"
               " import_module('seaborn') is sns)\n")
    assert out.split() == ["True", "True"]


def test_a_module_of_another_library_is_refused():
    with pytest.raises(ValueError, match="parameter name must be a module of seaborn, nltk, datasketch"):
        lazy_imports.import_module("pandas")


def test_a_library_the_stand_ins_do_not_satisfy_is_imported_the_usual_way(tmp_path):
    # a library that imports a submodule of a stood-in package, outside any try: the import under
    # the stand-ins fails, and the library is imported again with the real packages
    (tmp_path / "datasketch").mkdir()
    (tmp_path / "datasketch" / "__init__.py").write_text("import scipy.stats._stats_py\nLOADED = True\n")
    out = _run(f"import sys\nsys.path.insert(0, {str(tmp_path)!r})\n"
               "from analysis.lazy_imports import import_module\n"
               "module = import_module('datasketch')\n"
               "print(module.LOADED, type(sys.modules['scipy.stats']).__name__, hasattr(sys.modules['scipy.stats'], 'norm'))\n")
    assert out.split() == ["True", "module", "True"]


def test_a_name_the_stand_ins_do_not_hold_loads_the_real_module_without_a_silent_fallback(tmp_path):
    # the real scipy.stats, loaded for a name asked during the import, must not meet the other
    # stand-ins (it imports scipy.integrate): a library catching ImportError would fall back quietly
    (tmp_path / "datasketch").mkdir()
    (tmp_path / "datasketch" / "__init__.py").write_text(
        "try:\n    from scipy.stats import norm\n    HAVE_SCIPY = True\nexcept ImportError:\n    HAVE_SCIPY = False\n")
    out = _run(f"import sys\nsys.path.insert(0, {str(tmp_path)!r})\n"
               "from analysis.lazy_imports import import_module\n"
               "print(import_module('datasketch').HAVE_SCIPY, type(sys.modules['scipy.integrate']).__name__,\n"
               "      hasattr(sys.modules['scipy.integrate'], 'quad'))\n")
    assert out.split() == ["True", "module", "True"]


def test_a_stood_in_name_called_from_another_thread_during_an_import_calls_the_real_one():
    out = _run(
        "import threading, sys, numpy as np\n"
        "from analysis import lazy_imports\n"
        "result = []\n"
        "def other():\n"
        "    while 'scipy.stats' not in sys.modules:\n"
        "        pass\n"
        "    kde = sys.modules['scipy.stats'].gaussian_kde\n"
        "    result.append(type(kde(np.arange(10.0))).__name__)\n"
        "thread = threading.Thread(target=other)\n"
        "thread.start()\n"
        "lazy_imports.import_module('seaborn')\n"
        "thread.join(60)\n"
        "print(result)\n")
    assert out.strip() == "['gaussian_kde']"


def test_near_copies_import_scipy_only_to_group_pairs():
    out = _run(
        "import sys\n"
        "import pandas as pd\n"
        "from analysis import syndication\n"
        "print('scipy.sparse' in sys.modules)\n"
        "pairs = pd.DataFrame({'doc_id': ['a', 'b'], 'outlet': ['X', 'Y'], 'other_doc_id': ['b', 'c'],\n"
        "                      'other_outlet': ['Y', 'Y'], 'similarity': [0.9, 0.8], 'earlier': ['', '']})\n"
        "print(syndication.clusters(pairs, None)['size'].tolist(), 'scipy.sparse' in sys.modules)\n")
    assert out.split("\n")[:2] == ["False", "[3] True"]
