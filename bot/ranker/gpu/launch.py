"""`python -m bot.ranker.train` for a machine that has torch but not Verbatim's other dependencies: the packages
`bot` and `bot.ranker` are entered without running their __init__, which would load the whole bot."""

import sys
import types

for name, path in (("bot", "bot"), ("bot.ranker", "bot/ranker")):
    package = types.ModuleType(name)
    package.__path__ = [path]
    sys.modules[name] = package

from bot.ranker.train import main  # noqa: E402

main()
