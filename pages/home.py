"""Home: the lecture's six lessons, each with what a student will see."""
from ui import home

home.render()
