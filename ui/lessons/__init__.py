"""One module per lesson: its typed settings, cached sim calls and figures (pages/x.py -> ui/lessons/x.py ->
viz/x.py -> sim/labs/x.py), plus the live player, own data, the home page, the glossary and the class questions."""
